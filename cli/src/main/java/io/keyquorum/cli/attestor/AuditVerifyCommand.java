package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.crypto.Ed25519PublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq audit verify --dir DATA_DIR}: check an attestor's audit chain and its latest signed
 * head. Prints the verified head and exits 0, or names the first bad row and exits 1.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify an attestor's hash-chained audit log and its signed head.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the chain verifies", "1:the chain was altered (the first bad row is named)",
        "2:no audit log there, or invalid command line"})
public final class AuditVerifyCommand implements Callable<Integer> {
  /** The chain does not verify. */
  static final int TAMPERED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DATA_DIR", description = "The attestor's data directory.")
  Path dir;

  @Option(names = "--signer-key", paramLabel = "HEX",
      description = "The node's Ed25519 public key (from genesis). Default: the key recorded in the database, "
          + "which detects edits but not a rewrite by someone holding the file and a key of their own.")
  String signerKey;

  @Override
  public Integer call() {
    Path db = dir.resolve("attestor.db");
    if (!Files.isRegularFile(db)) {
      spec.commandLine().getErr().println("kq: no attestor database at " + db);
      return ExitCodes.INVALID;
    }
    try {
      boolean independent = signerKey != null;
      Ed25519PublicKey key = independent ? Ed25519PublicKey.of(HexFormat.of().parseHex(signerKey.trim())) : storedKey(db);
      AuditVerifier.Result r = AuditVerifier.verify(db, Optional.ofNullable(key));
      if (!r.ok()) {
        spec.commandLine().getErr().println("audit: FAILED at row " + r.badRow() + ": " + r.message());
        return TAMPERED;
      }
      spec.commandLine().getOut().println("audit: OK: " + r.message());
      r.signedHead().ifPresent(h -> spec.commandLine().getOut().println("head: node " + h.nodeId() + ", row " + h.seq()
          + ", hash " + HexFormat.of().formatHex(h.hash()) + ", signed at " + java.time.Instant.ofEpochMilli(h.signedAtMillis())));
      if (!independent && key != null) {
        spec.commandLine().getOut().println("note: signer key read from the database; pass --signer-key for an independent check");
      }
      return ExitCodes.OK;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("kq: audit verify: " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }

  private static Ed25519PublicKey storedKey(Path db) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
        PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = 'signing_key'")) {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Ed25519PublicKey.of(rs.getBytes(1)) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + db + ": " + e.getMessage(), e);
    }
  }
}
