/**
 * Verifiable secret sharing: Shamir shares over the P-256 scalar field with Feldman commitments,
 * so every share can be checked and every rebuilt secret proven against C_0 = s·G before use.
 * Entry point: {@link io.keyquorum.crypto.shamir.Shamir}.
 */
package io.keyquorum.crypto.shamir;
