/**
 * Sealing to a recipient with HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM. Shares and keys only ever travel sealed to the party meant to open
 * them. Entry point: {@link io.keyquorum.crypto.hpke.Hpke}.
 */
package io.keyquorum.crypto.hpke;
