/**
 * The P-256 prime-order group: {@link io.keyquorum.crypto.group.Scalar} (integers mod the group
 * order q, the field Shamir shares live in) and {@link io.keyquorum.crypto.group.GroupElement}
 * (curve points, for Feldman commitments). Every decoder accepts exactly one encoding per value
 * and rejects out-of-range input.
 */
package io.keyquorum.crypto.group;
