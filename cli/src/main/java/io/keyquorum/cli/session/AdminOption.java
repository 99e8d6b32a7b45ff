package io.keyquorum.cli.session;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The genesis admin who signs registry commands (enable, disable, deletion, policy, client
 * registration). The orchestrator only relays them, so the admin's own key must sign. Defaults
 * to the profile's client id and identity key, for an admin who is also registered as a client.
 */
public final class AdminOption {
  @Option(names = "--admin-id", paramLabel = "ID", defaultValue = "${env:KEYQUORUM_ADMIN_ID}",
      description = "Admin id from genesis (default: $KEYQUORUM_ADMIN_ID, else the profile's clientId).")
  String adminId;

  @Option(names = "--admin-key", paramLabel = "FILE", defaultValue = "${env:KEYQUORUM_ADMIN_KEY}",
      description = "Admin Ed25519 seed, 64 hex digits (default: $KEYQUORUM_ADMIN_KEY, else the profile's identityKey).")
  Path adminKey;

  String adminId(ClientProfile profile) {
    return adminId == null || adminId.isBlank() ? profile.clientId() : adminId;
  }

  /**
   * Runs {@code body} with admin operations signed by the admin's key, then zero-fills the key:
   * it is read for this one command and held no longer.
   */
  public <T> T signAs(KeyQuorumClient client, ClientProfile profile, Function<AdminCommands, T> body) {
    Ed25519PrivateKey key = adminKey(profile);
    try {
      return body.apply(client.admin(adminId(profile), key));
    } finally {
      key.destroy();
    }
  }

  Ed25519PrivateKey adminKey(ClientProfile profile) {
    // Reuses the profile's key-file reader (format check, buffers zero-filled) for the admin's file.
    ClientProfile keyFile = adminKey == null || adminKey.toString().isBlank() ? profile
        : new ClientProfile(profile.endpoint(), profile.caCert(), profile.genesisHash(), profile.clientId(),
            adminKey.toAbsolutePath());
    try {
      return keyFile.readIdentityKey();
    } catch (IOException e) {
      throw new UsageException("cannot read admin key " + keyFile.identityKey() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
