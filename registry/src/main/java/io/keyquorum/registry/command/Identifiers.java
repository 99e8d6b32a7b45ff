package io.keyquorum.registry.command;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one rule every registry identifier follows (attestor, admin, orchestrator, client and key
 * ids, aliases, network ids): 1 to 128 ASCII characters from {@code [A-Za-z0-9._:/-]}, starting
 * with a letter or digit. Keeping ids ASCII and bounded means they sort the same everywhere and
 * cannot smuggle control characters or homoglyphs into audit lines.
 */
public final class Identifiers {
  public static final int MAX_ID_LENGTH = 128;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

  private Identifiers() {}

  /** Returns {@code value} if it is a valid id, else throws naming {@code field}. */
  public static String requireId(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must match [A-Za-z0-9][A-Za-z0-9._:/-]{0,127}, got: " + quoted(value));
    }
    return value;
  }

  /** A {@code host:port} endpoint with a DNS name, IPv4 address or bracketed IPv6 address. */
  public static String requireEndpoint(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || !HOST.matcher(value.substring(0, colon)).matches()) {
      throw new IllegalArgumentException(field + " must be host:port, got: " + quoted(value));
    }
    String port = value.substring(colon + 1);
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(field + " has no valid port (1-65535): " + quoted(value));
    }
    return value;
  }

  /** A UTF-8 text field of at most {@code maxBytes} encoded bytes. */
  public static String requireText(String field, String value, int maxBytes) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    int len = value.getBytes(StandardCharsets.UTF_8).length;
    if (len > maxBytes) {
      throw new IllegalArgumentException(field + " is " + len + " bytes, limit " + maxBytes);
    }
    return value;
  }

  private static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return "\"" + shown.replaceAll("[^\\x20-\\x7E]", "?") + "\"";
  }
}
