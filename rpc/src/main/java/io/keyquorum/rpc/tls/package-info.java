/**
 * TLS 1.3-only gRPC servers and channels that trust only the network CA.
 *
 * <p>Node-to-node ports use mutual TLS and expose the caller's certificate-proven node id as
 * {@link io.keyquorum.rpc.tls.PeerIdentity#current()}; the client-facing port authenticates the
 * server only, since clients sign every request end to end. Channels check the dialled host
 * against the SAN and the expected node id against the certificate.
 */
package io.keyquorum.rpc.tls;
