package io.keyquorum.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyInfo;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion.
 * Keyquorum keys are symmetric AES-256 keys; state changes are admin commands in keyquorum, signed
 * with the admin identity the access key maps to.
 */
final class KeyOperations {
  /** Keyquorum keys always carry an alias; CreateKey takes it from this tag, or makes one up. */
  static final String ALIAS_TAG = "keyquorum:alias";
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyOperations() {}

  static void register(Map<String, Operation> ops, EndpointConfig.CreateKeyDefaults defaults) {
    ops.put("CreateKey", c -> createKey(c, defaults));
    ops.put("DescribeKey", c -> {
      ObjectNode out = c.output();
      out.set("KeyMetadata", metadata(c, c.key("KeyId")));
      return out;
    });
    ops.put("ListKeys", KeyOperations::listKeys);
    ops.put("EnableKey", c -> {
      c.caller().adminOrThrow("EnableKey").enableKey(c.key("KeyId").keyId());
      return c.output();
    });
    ops.put("DisableKey", c -> {
      c.caller().adminOrThrow("DisableKey").disableKey(c.key("KeyId").keyId());
      return c.output();
    });
    ops.put("ScheduleKeyDeletion", KeyOperations::scheduleDeletion);
    ops.put("CancelKeyDeletion", c -> {
      KeyInfo key = c.key("KeyId");
      c.caller().adminOrThrow("CancelKeyDeletion").cancelKeyDeletion(key.keyId());
      ObjectNode out = c.output();
      out.put("KeyId", c.arn(key.keyId()));
      return out;
    });
  }

  private static ObjectNode createKey(Call c, EndpointConfig.CreateKeyDefaults defaults) {
    c.refuse("CustomKeyStoreId", "XksKeyId", "MultiRegion");
    // Keyquorum keys have no description field; dropping one silently would lose what the caller stored.
    if (!c.string("Description").orElse("").isEmpty()) {
      throw KmsError.unsupported("keyquorum keys carry no Description; omit it");
    }
    c.string("KeyUsage").filter(u -> !u.equals("ENCRYPT_DECRYPT")).ifPresent(u -> {
      throw KmsError.unsupported("keyquorum keys are ENCRYPT_DECRYPT only, got KeyUsage " + u);
    });
    for (String spec : List.of("KeySpec", "CustomerMasterKeySpec")) {
      c.string(spec).filter(s -> !s.equals(DataOperations.SYMMETRIC_DEFAULT)).ifPresent(s -> {
        throw KmsError.unsupported("keyquorum keys are SYMMETRIC_DEFAULT only, got " + spec + " " + s);
      });
    }
    c.string("Origin").filter(o -> !o.equals("AWS_KMS")).ifPresent(o -> {
      throw KmsError.unsupported("Origin " + o + " is not supported; keyquorum deals its keys (Origin AWS_KMS)");
    });
    String alias = null;
    for (JsonNode tag : c.body().path("Tags")) {
      if (!tag.path("TagKey").asText().equals(ALIAS_TAG)) {
        throw KmsError.unsupported("keyquorum keys carry no tags; only " + ALIAS_TAG + " (the key's alias) is accepted");
      }
      alias = tag.path("TagValue").asText();
    }
    if (alias == null) {
      alias = "kms-" + HexFormat.of().formatHex(random(6));
    }
    String policy = c.string("Policy").map(PolicyDocuments::checked).or(defaults::defaultPolicy).orElseThrow(() -> KmsError.validation(
        "Policy is required: this endpoint has no default keyquorum policy (createKey.defaultPolicyFile)"));
    if (defaults.attestors().isEmpty() || defaults.threshold() < 1) {
      throw KmsError.unsupported("CreateKey needs createKey.attestors and createKey.threshold in the endpoint's config");
    }
    KeyInfo key = c.caller().client().createKey(alias, defaults.attestors(), defaults.threshold(), policy,
        Optional.empty());
    ObjectNode out = c.output();
    out.set("KeyMetadata", metadata(c, key));
    return out;
  }

  private static ObjectNode listKeys(Call c) {
    List<KeyInfo> keys = c.caller().client().listKeys();
    Page page = Page.of(c, keys.size());
    ArrayNode list = c.output().arrayNode();
    for (KeyInfo k : keys.subList(page.from(), page.to())) {
      list.addObject().put("KeyId", k.keyId()).put("KeyArn", c.arn(k.keyId()));
    }
    ObjectNode out = c.output();
    out.set("Keys", list);
    page.write(out);
    return out;
  }

  private static ObjectNode scheduleDeletion(Call c) {
    KeyInfo key = c.key("KeyId");
    int days = c.integer("PendingWindowInDays").orElse(30);
    if (days < 7 || days > 30) {
      throw KmsError.validation("PendingWindowInDays must be between 7 and 30");
    }
    c.caller().adminOrThrow("ScheduleKeyDeletion").scheduleKeyDeletion(key.keyId(), Duration.ofDays(days));
    KeyInfo after = c.caller().client().describeKey(key.keyId());
    ObjectNode out = c.output();
    out.put("KeyId", c.arn(key.keyId()));
    out.put("DeletionDate", after.deletionDateMillis() / 1000.0);
    out.put("KeyState", state(after.state()));
    out.put("PendingWindowInDays", days);
    return out;
  }

  static ObjectNode metadata(Call c, KeyInfo k) {
    ObjectNode m = c.output();
    m.put("AWSAccountId", c.account());
    m.put("KeyId", k.keyId());
    m.put("Arn", c.arn(k.keyId()));
    m.put("Enabled", k.state().equals("ENABLED"));
    m.put("Description", "");
    m.put("KeyUsage", "ENCRYPT_DECRYPT");
    m.put("KeyState", state(k.state()));
    if (k.deletionDateMillis() > 0) {
      m.put("DeletionDate", k.deletionDateMillis() / 1000.0);
    }
    m.put("Origin", "AWS_KMS");
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", DataOperations.SYMMETRIC_DEFAULT);
    m.put("KeySpec", DataOperations.SYMMETRIC_DEFAULT);
    m.putArray("EncryptionAlgorithms").add(DataOperations.SYMMETRIC_DEFAULT);
    m.put("MultiRegion", false);
    return m;
  }

  /** Keyquorum's key states in AWS's words; a key still collecting share acks is Creating. */
  static String state(String keyquorumState) {
    return switch (keyquorumState) {
      case "ENABLED" -> "Enabled";
      case "DISABLED" -> "Disabled";
      case "PENDING_DELETION" -> "PendingDeletion";
      case "PENDING_ACKS" -> "Creating";
      default -> "Unavailable";
    };
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Limit/Marker paging over an in-memory list: the marker is the next index. */
  record Page(int from, int to, int size) {
    static Page of(Call c, int size) {
      int limit = c.integer("Limit").orElse(100);
      if (limit < 1 || limit > 1000) {
        throw KmsError.validation("Limit must be between 1 and 1000");
      }
      int from;
      try {
        from = Integer.parseInt(c.string("Marker").orElse("0"));
      } catch (NumberFormatException e) {
        throw new KmsError("InvalidMarkerException", 400, "Marker is not one this endpoint issued");
      }
      if (from < 0 || from > size) {
        throw new KmsError("InvalidMarkerException", 400, "Marker is not one this endpoint issued");
      }
      return new Page(from, Math.min(size, from + limit), size);
    }

    void write(ObjectNode out) {
      out.put("Truncated", to < size);
      if (to < size) {
        out.put("NextMarker", Integer.toString(to));
      }
    }
  }
}
