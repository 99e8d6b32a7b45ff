/**
 * Opaque node-to-node messaging for the replicated log: best-effort, ordered per peer, bounded
 * per peer, self-reconnecting pushes ({@link io.keyquorum.rpc.peer.PeerLinkClient#send}) and a
 * request/response fetch for catch-up. Payloads are canonical bytes owned by the caller; the
 * sender's identity always comes from its mTLS certificate.
 */
package io.keyquorum.rpc.peer;
