/** Liveness endpoint of every node: its id and committed registry height. */
package io.keyquorum.rpc.health;
