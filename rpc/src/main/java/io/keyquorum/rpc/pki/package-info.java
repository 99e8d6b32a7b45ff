/**
 * The network's own PKI: one ECDSA P-256 CA per network, and P-256 node certificates that carry
 * the node id in a SAN URI ({@code keyquorum://node/<id>}). P-256 rather than Ed25519 because the
 * BoringSSL inside grpc-netty-shaded rejects Ed25519 certificates; application signatures stay
 * Ed25519 (see the crypto module). Certificates authenticate transport links only; genesis pins
 * their SHA-256 fingerprints ({@link io.keyquorum.rpc.pki.CertificateFingerprint}).
 */
package io.keyquorum.rpc.pki;
