/**
 * The light client's membership verifier: epochs hash-linked from the pinned genesis, each proven
 * by a consensus commit proof. Pure: no SQLite, no I/O, so a client SDK can use it.
 */
package io.keyquorum.registry.light;
