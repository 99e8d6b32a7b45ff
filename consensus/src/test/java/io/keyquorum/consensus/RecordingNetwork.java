package io.keyquorum.consensus;

import java.util.ArrayList;
import java.util.List;

/** Captures what a replica sends, decoded, for unit tests that drive one replica by hand. */
final class RecordingNetwork implements ReplicaNetwork {
  record Sent(int to, ConsensusMessage message) {}

  final List<Sent> sent = new ArrayList<>();
  /** When set, every send throws after being recorded: the process "dies" mid-send. */
  boolean dieOnSend;

  @Override
  public void send(int toReplica, byte[] message) {
    record(toReplica, message);
  }

  @Override
  public void broadcast(byte[] message) {
    record(-1, message);
  }

  private void record(int to, byte[] message) {
    if (dieOnSend) {
      throw new IllegalStateException("simulated crash while sending");
    }
    sent.add(new Sent(to, ConsensusMessage.decode(message)));
  }

  List<Vote> votes() {
    return sent.stream().filter(s -> s.message() instanceof ConsensusMessage.VoteMessage)
        .map(s -> ((ConsensusMessage.VoteMessage) s.message()).vote()).toList();
  }

  <T extends ConsensusMessage> List<T> ofType(Class<T> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }
}
