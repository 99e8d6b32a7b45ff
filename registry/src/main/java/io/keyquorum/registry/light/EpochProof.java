package io.keyquorum.registry.light;

import io.keyquorum.consensus.Block;
import io.keyquorum.consensus.CommitProof;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Objects;

/**
 * Evidence that the registry committed one membership epoch: the epoch's exact bytes, the block
 * that carries them, and the three-chain {@link CommitProof} for that block. Nothing here is
 * trusted until {@link EpochChain#extend} checks it against the previous epoch's replica set.
 */
public record EpochProof(byte[] epoch, Block block, CommitProof commit) {
  private static final int MAX_BYTES = SignedEnvelope.MAX_PAYLOAD;

  public EpochProof {
    Objects.requireNonNull(epoch, "epoch bytes");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(commit, "commit proof");
    epoch = epoch.clone();
  }

  @Override
  public byte[] epoch() {
    return epoch.clone();
  }

  public byte[] encode() {
    return new CanonicalWriter().bytes(epoch).bytes(block.encoded()).bytes(commit.encode()).toByteArray();
  }

  public static EpochProof decode(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    try {
      byte[] epoch = r.bytes("epoch", MAX_BYTES);
      Block block = Block.decode(r.bytes("epoch block", 2 * MAX_BYTES));
      CommitProof commit = CommitProof.decode(r.bytes("epoch commit proof", 4 * MAX_BYTES));
      r.finish();
      return new EpochProof(epoch, block, commit);
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("epoch proof: " + e.getMessage());
    }
  }
}
