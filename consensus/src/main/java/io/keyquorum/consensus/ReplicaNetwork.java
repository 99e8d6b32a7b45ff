package io.keyquorum.consensus;

/**
 * Outbound links to the other replicas, by index. Best-effort: a message may be dropped, delayed,
 * duplicated or reordered, and the protocol stays safe. Inbound messages arrive through
 * {@link Replica#onMessage}.
 */
public interface ReplicaNetwork {
  void send(int toReplica, byte[] message);

  /** To every other replica (not to the sender itself). */
  void broadcast(byte[] message);
}
