package io.keyquorum.attestor;

import io.keyquorum.attestor.audit.AuditLog;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.registry.command.CommandType;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.CommittedBlock;
import io.keyquorum.registry.log.CommittedBlockListener;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends one audit row per committed registry block (its commands' types, authors and SHA-256),
 * except blocks that carry only audit anchors (see {@link #onCommit}),
 * atomically with the height it has audited, so after a restart it resumes exactly where it
 * stopped: no block is audited twice or skipped.
 */
final class RegistryAuditor implements CommittedBlockListener {
  static final String META_HEIGHT = "audited_registry_height";

  private final NodeDatabase db;
  private final AuditLog audit;

  RegistryAuditor(NodeDatabase db, AuditLog audit) {
    this.db = db;
    this.audit = audit;
  }

  /** The next block height to audit. */
  long nextHeight() {
    return db.meta(META_HEIGHT).map(b -> new CanonicalReader(b).u64("height")).orElse(0L) + 1;
  }

  @Override
  public void onCommit(CommittedBlock block) {
    List<Map<String, String>> commands = new ArrayList<>();
    boolean anchorsOnly = !block.commands().isEmpty();
    for (byte[] command : block.commands()) {
      Map<String, String> c = new LinkedHashMap<>();
      try {
        SignedCommand frame = SignedCommand.decode(command);
        c.put("type", frame.type().name());
        c.put("author", frame.authorId());
        anchorsOnly &= frame.type() == CommandType.ANCHOR_AUDIT_HEAD;
      } catch (IllegalArgumentException e) {
        c.put("type", "MALFORMED");
        anchorsOnly = false;
      }
      c.put("sha256", sha256(command));
      commands.add(c);
    }
    String detail = AuditLog.json(Map.of("height", block.height(), "commands", commands));
    boolean record = !anchorsOnly;
    db.transaction(c -> {
      long audited = nextHeight0(c) - 1;
      if (block.height() <= audited) {
        return null; // redelivered after a restart of the subscription
      }
      // A block of audit anchors only gets no row: it records rows already in the chain, and a
      // row for it would be a new row to anchor, so an idle network would anchor forever. The
      // block stays in the certified registry log, and the height still advances here.
      if (record) {
        audit.appendIn(c, "registry", "block:" + block.height(), detail);
      }
      NodeDatabase.putMeta(c, META_HEIGHT, new CanonicalWriter().u64(block.height()).toByteArray());
      return null;
    });
  }

  private static long nextHeight0(java.sql.Connection c) throws java.sql.SQLException {
    try (var ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      ps.setString(1, META_HEIGHT);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? new CanonicalReader(rs.getBytes(1)).u64("height") + 1 : 1;
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
