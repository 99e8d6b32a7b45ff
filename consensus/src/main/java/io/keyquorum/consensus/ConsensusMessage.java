package io.keyquorum.consensus;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every message replicas exchange, with its one canonical wire form: a type byte, then the body.
 * Signed kinds (proposal, new-view) ship the exact signed envelope plus the signer's index; their
 * contents are read only after {@link SignatureVerifier#open} succeeds. Sync messages are unsigned
 * because everything in them is proven by the certificates they carry.
 */
public sealed interface ConsensusMessage {
  int MAX_SYNC_BLOCKS = 64;
  int MAX_WIRE = 24 << 20;

  byte[] encode();

  /** A leader's signed block for its view (HotStuff "generic" proposal msg). */
  record Proposal(int signer, SignedEnvelope envelope) implements ConsensusMessage {
    static final int TYPE = 1;

    public Proposal {
      Objects.requireNonNull(envelope, "envelope");
    }

    public static Proposal sign(Block block, int signer, Ed25519PrivateKey key) {
      return new Proposal(signer, SignedEnvelope.sign(ConsensusDomains.PROPOSAL, block.encoded(), key));
    }

    /** Verifies the signature under the signer's key, then decodes the block. */
    public Block open(ReplicaSet replicas, SignatureVerifier verifier) {
      return Block.decode(verifier.open(envelope, ConsensusDomains.PROPOSAL, replicas.publicKey(signer)));
    }

    @Override
    public byte[] encode() {
      return new CanonicalWriter().u8(TYPE).u32(signer).bytes(envelope.encode()).toByteArray();
    }
  }

  /** A vote, sent to the leader of the next view. */
  record VoteMessage(Vote vote) implements ConsensusMessage {
    static final int TYPE = 2;

    @Override
    public byte[] encode() {
      return new CanonicalWriter().u8(TYPE).u64(vote.view()).fixed(vote.blockHash().bytes(), BlockHash.LENGTH)
          .u32(vote.voter()).fixed(vote.signature(), Ed25519PublicKey.SIGNATURE_LENGTH).toByteArray();
    }
  }

  /** A replica entering {@code view} hands its highQC to that view's leader (pacemaker). */
  record NewView(int signer, SignedEnvelope envelope) implements ConsensusMessage {
    static final int TYPE = 3;

    public static NewView sign(long view, QuorumCertificate highQc, int signer, Ed25519PrivateKey key) {
      byte[] body = new CanonicalWriter().u64(view).bytes(highQc.encode()).toByteArray();
      return new NewView(signer, SignedEnvelope.sign(ConsensusDomains.NEW_VIEW, body, key));
    }

    /** The verified (view, highQC); the QC itself still needs {@link QuorumCertificate#verify}. */
    public Opened open(ReplicaSet replicas, SignatureVerifier verifier) {
      CanonicalReader r = new CanonicalReader(verifier.open(envelope, ConsensusDomains.NEW_VIEW, replicas.publicKey(signer)));
      long view = r.u64("new-view view");
      QuorumCertificate qc = QuorumCertificate.decode(r.bytes("new-view highQC", QuorumCertificate.MAX_ENCODED));
      r.finish();
      return new Opened(view, qc);
    }

    public record Opened(long view, QuorumCertificate highQc) {}

    @Override
    public byte[] encode() {
      return new CanonicalWriter().u8(TYPE).u32(signer).bytes(envelope.encode()).toByteArray();
    }
  }

  /** Asks for the chain from {@code fromHeight} up to {@code target} (or the responder's highQC block if null). */
  record SyncRequest(long fromHeight, BlockHash target) implements ConsensusMessage {
    static final int TYPE = 4;

    @Override
    public byte[] encode() {
      CanonicalWriter w = new CanonicalWriter().u8(TYPE).u64(fromHeight).bool(target != null);
      if (target != null) {
        w.fixed(target.bytes(), BlockHash.LENGTH);
      }
      return w.toByteArray();
    }
  }

  /**
   * Consecutive blocks in ascending height, the responder's highQC, and the proof of its latest
   * commit (which may rest on a fork block outside {@code blocks}); trusted only as far as the
   * certificates prove.
   */
  record SyncResponse(List<Block> blocks, QuorumCertificate highQc, CommitProof commitProof) implements ConsensusMessage {
    static final int TYPE = 5;

    public SyncResponse {
      blocks = List.copyOf(blocks);
      Objects.requireNonNull(highQc, "highQc");
      Objects.requireNonNull(commitProof, "commitProof");
      if (blocks.size() > MAX_SYNC_BLOCKS) {
        throw new IllegalArgumentException("sync response over " + MAX_SYNC_BLOCKS + " blocks");
      }
    }

    @Override
    public byte[] encode() {
      CanonicalWriter w = new CanonicalWriter().u8(TYPE).u32(blocks.size());
      blocks.forEach(b -> w.bytes(b.encoded()));
      return w.bytes(highQc.encode()).bytes(commitProof.encode()).toByteArray();
    }
  }

  /** A client command shared with every replica, so whoever leads next can propose it. */
  record CommandForward(byte[] command) implements ConsensusMessage {
    static final int TYPE = 6;

    public CommandForward {
      command = command.clone();
    }

    @Override
    public byte[] command() {
      return command.clone();
    }

    @Override
    public byte[] encode() {
      return new CanonicalWriter().u8(TYPE).bytes(command).toByteArray();
    }
  }

  /** Decodes wire bytes; throws {@link MalformedEncodingException} (an IllegalArgumentException) naming the field. */
  static ConsensusMessage decode(byte[] wire) {
    if (wire == null || wire.length > MAX_WIRE) {
      throw new MalformedEncodingException("message missing or over " + MAX_WIRE + " bytes");
    }
    CanonicalReader r = new CanonicalReader(wire);
    int type = r.u8("message type");
    ConsensusMessage m = switch (type) {
      case Proposal.TYPE -> new Proposal(index(r), SignedEnvelope.decode(r.bytes("proposal envelope", SignedEnvelope.MAX_PAYLOAD + 128)));
      case VoteMessage.TYPE -> new VoteMessage(new Vote(r.u64("vote view"), BlockHash.of(r.fixed("vote block", BlockHash.LENGTH)),
          index(r), r.fixed("vote signature", Ed25519PublicKey.SIGNATURE_LENGTH)));
      case NewView.TYPE -> new NewView(index(r), SignedEnvelope.decode(r.bytes("new-view envelope", QuorumCertificate.MAX_ENCODED + 256)));
      case SyncRequest.TYPE -> new SyncRequest(r.u64("sync from height"),
          r.bool("sync has target") ? BlockHash.of(r.fixed("sync target", BlockHash.LENGTH)) : null);
      case SyncResponse.TYPE -> {
        int count = r.count("sync blocks", MAX_SYNC_BLOCKS);
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          blocks.add(Block.decode(r.bytes("sync block", Block.MAX_ENCODED)));
        }
        yield new SyncResponse(blocks, QuorumCertificate.decode(r.bytes("sync highQC", QuorumCertificate.MAX_ENCODED)),
            CommitProof.decode(r.bytes("sync commit proof", 3 * Block.MAX_ENCODED)));
      }
      case CommandForward.TYPE -> new CommandForward(r.bytes("forwarded command", Block.MAX_COMMAND_BYTES));
      default -> throw new MalformedEncodingException("message type: unknown " + type);
    };
    r.finish();
    return m;
  }

  private static int index(CanonicalReader r) {
    long i = r.u32("replica index");
    if (i > Integer.MAX_VALUE) {
      throw new MalformedEncodingException("replica index: out of range");
    }
    return (int) i;
  }
}
