package io.keyquorum.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bounds on everything a client controls, checked before any work is done, so a hostile request
 * costs its sender more than it costs an attestor.
 */
public final class RequestLimits {
  public static final int MAX_ID_BYTES = 128;
  public static final int MAX_CONTEXT_ENTRIES = 64;
  public static final int MAX_CONTEXT_KEY_BYTES = 128;
  public static final int MAX_CONTEXT_VALUE_BYTES = 1024;
  public static final int MIN_NONCE_BYTES = 16;
  public static final int MAX_NONCE_BYTES = 64;
  public static final int MAX_REQUEST_BYTES = 96 * 1024;
  public static final int MAX_EXPLANATION_BYTES = 4096;

  /** Ids (clients, keys, aliases, attestors): printable, no spaces, no separators that confuse logs. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]*");

  private RequestLimits() {}

  public static String checkId(String what, String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      throw new IllegalArgumentException(what + " is longer than " + MAX_ID_BYTES + " bytes");
    }
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(what + " \"" + id + "\" has characters outside [A-Za-z0-9._:/@-]");
    }
    return id;
  }

  public static Map<String, String> checkContext(Map<String, String> context) {
    if (context.size() > MAX_CONTEXT_ENTRIES) {
      throw new IllegalArgumentException(
          "encryption context has " + context.size() + " entries; the limit is " + MAX_CONTEXT_ENTRIES);
    }
    context.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException("encryption context keys and values must not be null");
      }
      if (k.isEmpty() || k.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT_KEY_BYTES) {
        throw new IllegalArgumentException("encryption context key must be 1.." + MAX_CONTEXT_KEY_BYTES + " bytes");
      }
      if (v.getBytes(StandardCharsets.UTF_8).length > MAX_CONTEXT_VALUE_BYTES) {
        throw new IllegalArgumentException(
            "encryption context value for \"" + k + "\" is longer than " + MAX_CONTEXT_VALUE_BYTES + " bytes");
      }
    });
    return context;
  }
}
