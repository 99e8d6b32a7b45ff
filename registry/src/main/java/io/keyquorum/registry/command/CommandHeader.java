package io.keyquorum.registry.command;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * The signed first fields of every command.
 *
 * <ul>
 *   <li>{@code networkId} binds the command to one network, so a command signed for a test
 *       network cannot be replayed into production by an admin who holds keys in both.
 *   <li>{@code authorId} repeats the unsigned frame's author inside the signature.
 *   <li>{@code sequence} must be strictly greater than the author's previous accepted command,
 *       so a Byzantine leader cannot re-commit an old, validly signed command (for example an
 *       old {@code SetKeyState(Disabled)} after the key was re-enabled). Authors may use a
 *       counter or a millisecond timestamp.
 * </ul>
 */
public record CommandHeader(String networkId, String authorId, long sequence) {
  public CommandHeader {
    Identifiers.requireId("network id", networkId);
    Identifiers.requireId("author id", authorId);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
    }
  }

  void writeTo(CanonicalWriter w) {
    w.string(networkId).string(authorId).u64(sequence);
  }

  static CommandHeader readFrom(CanonicalReader r) {
    String network = r.string("network id", Identifiers.MAX_ID_LENGTH);
    String author = r.string("author id", Identifiers.MAX_ID_LENGTH);
    long sequence = r.u64("sequence");
    return new CommandHeader(network, author, sequence);
  }
}
