/**
 * Wrapping of key material under a key-encryption key derived from the shared scalar s
 * (HKDF-SHA256, AES-256-GCM), bound to its key id and version. Entry point: {@link
 * io.keyquorum.crypto.wrap.KeyWrap}.
 */
package io.keyquorum.crypto.wrap;
