package io.keyquorum.rpc.peer;

/**
 * Counters of one outbound link.
 *
 * @param queued messages waiting for the peer
 * @param sent messages handed to the transport (best-effort: a connection that breaks may lose
 *     some of them)
 * @param dropped messages discarded because the queue was full, the payload was too large, or the
 *     client was closed
 */
public record PeerLinkStats(String peerNodeId, int queued, long sent, long dropped) {}
