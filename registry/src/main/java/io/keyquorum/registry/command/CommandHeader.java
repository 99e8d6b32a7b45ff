package io.keyquorum.registry.command;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * The signed first fields of every command.
 *
 * <ul>
 *   <li>{@code networkId} binds the command to one network, so a command signed for a test
 *       network cannot be replayed into production by an admin who holds keys in both. It is a
 *       name the genesis author chose, so two networks may share it.
 *   <li>{@code genesis} is the network's {@link GenesisHash}, which no two networks share: a
 *       replica refuses a command naming another. The genesis command itself names {@link
 *       GenesisHash#NONE}, since it cannot contain its own hash.
 *   <li>{@code authorId} repeats the unsigned frame's author inside the signature.
 *   <li>{@code sequence} must be strictly greater than the author's previous accepted command,
 *       so a Byzantine leader cannot re-commit an old, validly signed command (for example an
 *       old {@code SetKeyState(Disabled)} after the key was re-enabled). Authors may use a
 *       counter or a millisecond timestamp.
 * </ul>
 */
public record CommandHeader(String networkId, GenesisHash genesis, String authorId, long sequence) {
  public CommandHeader {
    Identifiers.requireId("network id", networkId);
    java.util.Objects.requireNonNull(genesis, "genesis hash");
    Identifiers.requireId("author id", authorId);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
    }
  }

  void writeTo(CanonicalWriter w) {
    w.string(networkId).fixed(genesis.bytes(), GenesisHash.LENGTH).string(authorId).u64(sequence);
  }

  static CommandHeader readFrom(CanonicalReader r) {
    String network = r.string("network id", Identifiers.MAX_ID_LENGTH);
    GenesisHash genesis = GenesisHash.of(r.fixed("genesis hash", GenesisHash.LENGTH));
    String author = r.string("author id", Identifiers.MAX_ID_LENGTH);
    long sequence = r.u64("sequence");
    return new CommandHeader(network, genesis, author, sequence);
  }
}
