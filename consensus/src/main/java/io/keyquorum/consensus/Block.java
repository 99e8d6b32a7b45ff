package io.keyquorum.consensus;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A HotStuff node (PODC 2019 §4): a batch of opaque commands, the certificate it extends
 * ({@code justify}), and the view it was proposed in.
 *
 * <p>Guarantees: the parent is always the block {@code justify} certifies (the leader extends its
 * highQC, Algorithm 3 {@code createLeaf(genericQC.node, …)}), so {@code height} = parent height + 1
 * and the committed height of a block is its height; {@code view} is strictly above the justify's
 * view; the commands fit in {@link #MAX_COMMAND_BYTES}. {@code timeMillis} is the leader's clock
 * when it proposed: replicas vote only if it is after the parent's and near their own clock
 * ({@link Replica#MAX_CLOCK_SKEW_MILLIS}), so the committed chain carries a trustworthy, strictly
 * increasing time the application may use (a deletion date, say). The hash is SHA-256 over a domain string
 * and the canonical encoding, so it commits to the whole ancestry and to the replica set (via
 * genesis).
 */
public final class Block {
  /**
   * Bound on all commands of one block together (1 MiB less 64 KiB), so a block with its header,
   * length prefixes and justify QC still fits a signed proposal ({@link
   * io.keyquorum.crypto.SignedEnvelope#MAX_PAYLOAD}, 1 MiB).
   */
  public static final int MAX_COMMAND_BYTES = (1 << 20) - (64 << 10);
  public static final int MAX_COMMANDS = 4096;
  static final int MAX_ENCODED = 8 + 8 + 4 + 8 + BlockHash.LENGTH + 1 + 4 + QuorumCertificate.MAX_ENCODED + 4
      + MAX_COMMANDS * 4 + MAX_COMMAND_BYTES;
  private static final byte[] HASH_DOMAIN = "keyquorum/consensus/block/v2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final long height;
  private final long view;
  private final int proposer;
  private final long timeMillis;
  private final BlockHash parent;
  private final QuorumCertificate justify;
  private final List<byte[]> commands;
  private final List<BlockHash> commandHashes;
  private final byte[] encoded;
  private final BlockHash hash;

  public Block(long height, long view, int proposer, long timeMillis, BlockHash parent, QuorumCertificate justify,
      List<byte[]> commands) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(commands, "commands");
    if (height < 0 || view < 0 || proposer < 0 || timeMillis < 0) {
      throw new IllegalArgumentException("height, view, proposer and time must be non-negative");
    }
    if (height == 0) {
      if (justify != null || view != 0 || timeMillis != 0 || !commands.isEmpty()) {
        throw new IllegalArgumentException(
            "a height-0 block must be the genesis block (view 0, time 0, no justify, no commands)");
      }
    } else {
      Objects.requireNonNull(justify, "justify");
      if (!justify.blockHash().equals(parent)) {
        throw new IllegalArgumentException("block parent must be the block its justify certifies");
      }
      if (view <= justify.view()) {
        throw new IllegalArgumentException("block view " + view + " is not above its justify view " + justify.view());
      }
    }
    if (commands.size() > MAX_COMMANDS) {
      throw new IllegalArgumentException("block has " + commands.size() + " commands, limit " + MAX_COMMANDS);
    }
    List<byte[]> copy = new ArrayList<>(commands.size());
    long total = 0;
    for (byte[] c : commands) {
      total += Objects.requireNonNull(c, "command").length;
      copy.add(c.clone());
    }
    if (total > MAX_COMMAND_BYTES) {
      throw new IllegalArgumentException("block commands total " + total + " bytes, limit " + MAX_COMMAND_BYTES);
    }
    this.height = height;
    this.view = view;
    this.proposer = proposer;
    this.timeMillis = timeMillis;
    this.parent = parent;
    this.justify = justify;
    this.commands = List.copyOf(copy);
    this.commandHashes = this.commands.stream().map(BlockHash::sha256).toList();
    this.encoded = encode();
    CanonicalWriter h = new CanonicalWriter().bytes(HASH_DOMAIN).bytes(encoded);
    this.hash = BlockHash.sha256(h.toByteArray());
  }

  static Block genesis(BlockHash replicaSetDigest) {
    return new Block(0, 0, 0, 0, replicaSetDigest, null, List.of());
  }

  public long height() {
    return height;
  }

  public long view() {
    return view;
  }

  public int proposer() {
    return proposer;
  }

  /** The proposer's clock (epoch ms) when it proposed; 0 for genesis. */
  public long timeMillis() {
    return timeMillis;
  }

  public BlockHash parent() {
    return parent;
  }

  /** The certificate this block extends; null only for genesis. */
  public QuorumCertificate justify() {
    return justify;
  }

  public boolean isGenesis() {
    return height == 0;
  }

  /** Copies of the commands, in proposal order. */
  public List<byte[]> commands() {
    List<byte[]> out = new ArrayList<>(commands.size());
    commands.forEach(c -> out.add(c.clone()));
    return out;
  }

  public int commandCount() {
    return commands.size();
  }

  /** SHA-256 of each command, the key used for exactly-once commit. */
  public List<BlockHash> commandHashes() {
    return commandHashes;
  }

  public int encodedLength() {
    return encoded.length;
  }

  public BlockHash hash() {
    return hash;
  }

  /** The canonical encoding: what is hashed and what is shipped. */
  public byte[] encoded() {
    return encoded.clone();
  }

  private byte[] encode() {
    CanonicalWriter w = new CanonicalWriter()
        .u64(height).u64(view).u32(proposer).u64(timeMillis).fixed(parent.bytes(), BlockHash.LENGTH)
        .bool(justify != null);
    if (justify != null) {
      w.bytes(justify.encode());
    }
    w.u32(commands.size());
    commands.forEach(w::bytes);
    return w.toByteArray();
  }

  public static Block decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    Block b = read(r);
    r.finish();
    return b;
  }

  static Block read(CanonicalReader r) {
    long height = r.u64("block height");
    long view = r.u64("block view");
    long proposer = r.u32("block proposer");
    long time = r.u64("block time");
    BlockHash parent = BlockHash.of(r.fixed("block parent", BlockHash.LENGTH));
    QuorumCertificate justify = r.bool("block has justify")
        ? QuorumCertificate.decode(r.bytes("block justify", QuorumCertificate.MAX_ENCODED)) : null;
    int count = r.count("block commands", MAX_COMMANDS);
    List<byte[]> commands = new ArrayList<>(count);
    long total = 0;
    for (int i = 0; i < count; i++) {
      byte[] c = r.bytes("block command", MAX_COMMAND_BYTES);
      total += c.length;
      if (total > MAX_COMMAND_BYTES) {
        throw new io.keyquorum.crypto.encoding.MalformedEncodingException("block commands: total exceeds " + MAX_COMMAND_BYTES);
      }
      commands.add(c);
    }
    if (proposer > Integer.MAX_VALUE) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException("block proposer: out of range");
    }
    try {
      return new Block(height, view, (int) proposer, time, parent, justify, commands);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException("block: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block other && hash.equals(other.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Block[h=" + height + " v=" + view + " t=" + timeMillis + " " + hash + " cmds=" + commands.size() + "]";
  }
}
