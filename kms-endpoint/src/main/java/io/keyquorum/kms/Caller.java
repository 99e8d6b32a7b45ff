package io.keyquorum.kms;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.KeyQuorumClient;
import java.util.Optional;

/**
 * The keyquorum identity an access key acts as: its client (which signs every key request with the
 * client's own Ed25519 key, so attestors judge the real client) and, if configured, an admin
 * identity for the operations the registry takes only from admins.
 */
public record Caller(String accessKeyId, KeyQuorumClient client, Optional<AdminCommands> admin) {
  AdminCommands adminOrThrow(String operation) {
    return admin.orElseThrow(() -> KmsError.accessDenied(operation + " is an admin operation in keyquorum, and access key "
        + accessKeyId + " is mapped to no admin identity in the endpoint's credentials file"));
  }
}
