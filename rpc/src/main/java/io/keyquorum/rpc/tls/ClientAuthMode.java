package io.keyquorum.rpc.tls;

/** Whether a server port authenticates its callers by certificate. */
public enum ClientAuthMode {
  /**
   * Mutual TLS: every caller must present a certificate from the network CA, and calls see the
   * caller's node id through {@link PeerIdentity#current()}. For node-to-node ports.
   */
  MUTUAL,
  /**
   * Server-authenticated TLS only: for the orchestrator's client port, where clients sign each
   * request end to end and the attestors, not the transport, decide who the client is.
   */
  SERVER_ONLY
}
