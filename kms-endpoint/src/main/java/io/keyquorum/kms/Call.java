package io.keyquorum.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyInfo;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One authenticated request: who sent it, for which region, and its JSON members. */
record Call(Caller caller, String region, String account, JsonNode body) {
  static final ObjectMapper JSON = new ObjectMapper();

  ObjectNode output() {
    return JSON.createObjectNode();
  }

  Optional<String> string(String member) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw KmsError.validation(member + " must be a string");
    }
    return Optional.of(n.asText());
  }

  String required(String member) {
    return string(member).filter(s -> !s.isEmpty())
        .orElseThrow(() -> KmsError.validation("1 validation error detected: Value null at '" + lower(member)
            + "' failed to satisfy constraint: Member must not be null"));
  }

  Optional<Integer> integer(String member) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.canConvertToInt()) {
      throw KmsError.validation(member + " must be an integer");
    }
    return Optional.of(n.asInt());
  }

  boolean flag(String member) {
    return body.path(member).asBoolean(false);
  }

  /** A blob member (base64 in JSON 1.1). The caller owns the returned array and should zero it. */
  byte[] blob(String member) {
    try {
      return Base64.getDecoder().decode(required(member));
    } catch (IllegalArgumentException e) {
      throw new KmsError("SerializationException", 400, member + " is not base64");
    }
  }

  /** An EncryptionContext member: string to string, the keyquorum encryption context as is. */
  Map<String, String> context(String member) {
    JsonNode n = body.get(member);
    Map<String, String> context = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return context;
    }
    if (!n.isObject()) {
      throw KmsError.validation(member + " must be a map of strings");
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getValue().isTextual()) {
        throw KmsError.validation(member + " values must be strings");
      }
      context.put(e.getKey(), e.getValue().asText());
    }
    return context;
  }

  /** Members keyquorum cannot honour are refused by name rather than silently ignored. */
  void refuse(String... members) {
    for (String m : members) {
      JsonNode n = body.get(m);
      if (n != null && !n.isNull() && !(n.isBoolean() && !n.asBoolean())) {
        throw KmsError.unsupported(m + " is not supported by the keyquorum endpoint");
      }
    }
  }

  KeyInfo key(String member) {
    return KeyIds.describe(this, required(member));
  }

  String arn(String keyId) {
    return KeyIds.keyArn(region, account, keyId);
  }

  private static String lower(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }
}
