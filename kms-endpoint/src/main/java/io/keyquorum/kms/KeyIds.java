package io.keyquorum.kms;

import io.keyquorum.client.KeyInfo;

/**
 * AWS key identifiers to keyquorum key references: a key id, a key ARN
 * ({@code arn:aws:kms:REGION:ACCOUNT:key/ID}), {@code alias/NAME} or an alias ARN. Keyquorum key ids
 * and aliases share one namespace, so either resolves with DescribeKey. An ARN must name this
 * endpoint's account, so a caller cannot be confused about whose key it used.
 */
final class KeyIds {
  static final String ALIAS_PREFIX = "alias/";

  private KeyIds() {}

  static String reference(String keyId, String account) {
    if (keyId.startsWith("arn:")) {
      String[] parts = keyId.split(":", 6);
      if (parts.length != 6 || !parts[2].equals("kms")) {
        throw KmsError.validation("Invalid keyId " + keyId);
      }
      if (!parts[4].equals(account)) {
        throw KmsError.notFound("Key '" + keyId + "' does not exist (this endpoint serves account " + account + ")");
      }
      String resource = parts[5];
      if (resource.startsWith("key/")) {
        return nonEmpty(resource.substring(4), keyId);
      }
      if (resource.startsWith(ALIAS_PREFIX)) {
        return nonEmpty(resource.substring(ALIAS_PREFIX.length()), keyId);
      }
      throw KmsError.validation("Invalid keyId " + keyId);
    }
    if (keyId.startsWith(ALIAS_PREFIX)) {
      return nonEmpty(keyId.substring(ALIAS_PREFIX.length()), keyId);
    }
    return keyId;
  }

  static KeyInfo describe(Call call, String keyId) {
    return call.caller().client().describeKey(reference(keyId, call.account()));
  }

  static String keyArn(String region, String account, String keyId) {
    return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
  }

  static String aliasArn(String region, String account, String alias) {
    return "arn:aws:kms:" + region + ":" + account + ":" + ALIAS_PREFIX + alias;
  }

  private static String nonEmpty(String ref, String original) {
    if (ref.isEmpty()) {
      throw KmsError.validation("Invalid keyId " + original);
    }
    return ref;
  }
}
