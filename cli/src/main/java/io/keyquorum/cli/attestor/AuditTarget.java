package io.keyquorum.cli.attestor;

import io.keyquorum.attestor.AttestorConfig;
import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.crypto.Ed25519PublicKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The attestor database {@code kq audit verify --dir} names, found in any of the layouts kq
 * writes: the data folder itself ({@code attestor.db}); a node folder as {@code kq dev} and {@code
 * kq network init} lay it out ({@code attestor.yaml} whose {@code dataDir} holds the database, by
 * default {@code data/}); or the config file itself (as passed to {@code kq attestor init}).
 *
 * @param database the node database
 * @param nodeId the attestor id from the config, when a config was found
 */
record AuditTarget(Path database, Optional<String> nodeId) {
  static final String DATABASE = "attestor.db";
  static final String CONFIG = "attestor.yaml";

  /** @throws IllegalArgumentException naming what was looked for, if there is no database */
  static AuditTarget locate(Path dir) {
    if (Files.isRegularFile(dir)) {
      return fromConfig(dir);
    }
    if (Files.isRegularFile(dir.resolve(DATABASE))) {
      return new AuditTarget(dir.resolve(DATABASE), Optional.empty());
    }
    if (Files.isRegularFile(dir.resolve(CONFIG))) {
      return fromConfig(dir.resolve(CONFIG));
    }
    if (Files.isRegularFile(dir.resolve("data").resolve(DATABASE))) {
      return new AuditTarget(dir.resolve("data").resolve(DATABASE), Optional.empty());
    }
    throw new IllegalArgumentException("no attestor database at " + dir.resolve(DATABASE) + " (nor a node folder with "
        + CONFIG + " or data/" + DATABASE + ")");
  }

  private static AuditTarget fromConfig(Path config) {
    AttestorConfig c;
    try {
      c = AttestorConfig.load(config);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(c.databaseFile())) {
      throw new IllegalArgumentException("no attestor database at " + c.databaseFile() + " (dataDir of " + config + ")");
    }
    return new AuditTarget(c.databaseFile(), Optional.of(c.nodeId()));
  }

  /** The signing key the node recorded in its database: empty if there is none. */
  Optional<Ed25519PublicKey> storedKey() {
    return AuditVerifier.storedSigningKey(database);
  }
}
