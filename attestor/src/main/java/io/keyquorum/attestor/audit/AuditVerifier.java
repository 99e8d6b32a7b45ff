package io.keyquorum.attestor.audit;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Checks an audit chain from its first row: every row's seq follows the last, its prev is the
 * last row's hash, and its hash matches its fields. Then checks the latest signed head: its
 * signature under the node's key, and that the chain reaches it with the same hash. Then, when
 * given the head the node anchored in the registry, that the chain reaches that too.
 *
 * <p>Guarantee: an edited row fails at that row; a removed row fails at the row after the gap;
 * reordered rows fail at the first moved row; rows cut off the end fail against the signed head;
 * rows and signed heads cut back together fail against the anchored head (rows after the last
 * anchor are covered by the signed head and the chain only). Without the node's key nothing is
 * vouched for, so a missing key is a failure, never a pass.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * What verification found: either the verified head, or the first bad row and why ({@code
   * badRow} 0 when the fault is not in a row, such as a missing key).
   */
  public record Result(boolean ok, long rows, long badRow, String message, Optional<AuditHead> signedHead) {
    static Result bad(long rows, long row, String message) {
      return new Result(false, rows, row, message, Optional.empty());
    }
  }

  /** Opens {@code databaseFile} read-only and verifies it, without an anchored head. */
  public static Result verify(Path databaseFile, Optional<Ed25519PublicKey> signer) {
    return verify(databaseFile, signer, Optional.empty());
  }

  /** Opens {@code databaseFile} read-only and verifies it, holding it to {@code anchor} if given. */
  public static Result verify(Path databaseFile, Optional<Ed25519PublicKey> signer, Optional<AnchoredHead> anchor) {
    if (!Files.isRegularFile(databaseFile)) {
      throw new IllegalArgumentException("no node database at " + databaseFile);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + databaseFile.toAbsolutePath() + "?mode=ro")) {
      return verify(c, signer, anchor);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + databaseFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The signing key the node recorded in its database ({@code meta.signing_key}): empty if none.
   * Read here, where the schema lives, so tools that verify a copied folder need not know it.
   *
   * @throws IllegalArgumentException if one is recorded but is not a valid Ed25519 key
   */
  public static Optional<Ed25519PublicKey> storedSigningKey(Path databaseFile) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + databaseFile.toAbsolutePath() + "?mode=ro");
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = 'signing_key'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Ed25519PublicKey.of(rs.getBytes(1))) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + databaseFile + ": " + e.getMessage(), e);
    }
  }

  public static Result verify(Connection c, Optional<Ed25519PublicKey> signer) throws SQLException {
    return verify(c, signer, Optional.empty());
  }

  public static Result verify(Connection c, Optional<Ed25519PublicKey> signer, Optional<AnchoredHead> anchor)
      throws SQLException {
    long expectedSeq = 1;
    byte[] prev = AuditEntry.genesisHash();
    java.util.Map<Long, byte[]> hashes = new java.util.HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT seq, time, kind, subject, detail, prev, hash FROM audit ORDER BY seq")) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        if (seq != expectedSeq) {
          return Result.bad(expectedSeq - 1, seq, "row " + seq + ": expected row " + expectedSeq
              + " here; row(s) " + expectedSeq + (seq - 1 > expectedSeq ? ".." + (seq - 1) : "") + " were removed");
        }
        byte[] storedPrev = rs.getBytes(6);
        byte[] storedHash = rs.getBytes(7);
        if (storedPrev == null || !MessageDigest.isEqual(storedPrev, prev)) {
          return Result.bad(seq - 1, seq, "row " + seq + ": its prev hash is not row " + (seq - 1)
              + "'s hash (a row was removed, inserted or moved)");
        }
        byte[] expected = AuditEntry.chainHash(prev, seq, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
        if (storedHash == null || !MessageDigest.isEqual(storedHash, expected)) {
          return Result.bad(seq - 1, seq, "row " + seq + ": content does not match its hash (the row was edited)");
        }
        hashes.put(seq, expected);
        prev = expected;
        expectedSeq++;
      }
    }
    long rows = expectedSeq - 1;
    if (signer.isEmpty()) {
      return Result.bad(rows, 0, "no signing key for this node: its signed heads cannot be checked, so the chain "
          + "proves nothing (pass --signer-key with the node's key from genesis)");
    }
    if (anchor.isPresent()) {
      Optional<String> below = belowAnchor(anchor.get(), rows, hashes);
      if (below.isPresent()) {
        return Result.bad(rows, Math.min(rows + 1, anchor.get().seq()), below.get());
      }
    }
    Optional<SignedEnvelope> latest = Optional.empty();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT envelope FROM audit_heads ORDER BY seq DESC LIMIT 1")) {
      if (rs.next()) {
        latest = Optional.of(SignedEnvelope.decode(rs.getBytes(1)));
      }
    } catch (MalformedEncodingException e) {
      return Result.bad(rows, rows, "signed head is malformed: " + e.getMessage());
    }
    String anchored = anchor.map(a -> "; reaches the head anchored in the registry at row " + a.seq()
        + " (height " + a.registryHeight() + ")").orElse("");
    if (latest.isEmpty()) {
      return new Result(true, rows, 0, "chain of " + rows + " rows verifies; no signed head yet" + anchored,
          Optional.empty());
    }
    AuditHead head;
    try {
      head = AuditHead.open(latest.get(), signer.get());
    } catch (InvalidSignatureException | MalformedEncodingException e) {
      return Result.bad(rows, rows, "signed head does not verify: " + e.getMessage());
    }
    if (head.seq() > rows) {
      return Result.bad(rows, rows + 1, "chain ends at row " + rows + " but the signed head covers row " + head.seq()
          + " (rows were cut off the end)");
    }
    if (head.seq() > 0 && !MessageDigest.isEqual(hashes.get(head.seq()), head.hash())) {
      return Result.bad(rows, head.seq(), "row " + head.seq() + ": hash differs from the signed head's");
    }
    return new Result(true, rows, 0, "chain of " + rows + " rows verifies; signed head at row " + head.seq()
        + " (signature verified)" + anchored, Optional.of(head));
  }

  /** Why the chain does not reach the anchored head, if it does not. */
  private static Optional<String> belowAnchor(AnchoredHead a, long rows, java.util.Map<Long, byte[]> hashes) {
    String where = a.nodeId() + " anchored audit row " + a.seq() + " in the registry (height " + a.registryHeight()
        + ")";
    if (a.seq() > rows) {
      return Optional.of(where + " but the chain ends at row " + rows
          + ": the audit log was truncated below an anchored head");
    }
    if (!MessageDigest.isEqual(hashes.get(a.seq()), a.hash())) {
      return Optional.of(where + " with another hash than row " + a.seq() + " has here: the chain was rewritten");
    }
    return Optional.empty();
  }
}
