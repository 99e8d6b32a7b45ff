package io.keyquorum.protocol;

import java.util.Arrays;

/** What a client asks to do with a key. Wire names are the names policies use. */
public enum Capability {
  RELEASE("release"),
  GENERATE_DATA_KEY("generate-data-key"),
  DECRYPT("decrypt"),
  ENCRYPT("encrypt");

  private final String wireName;

  Capability(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Capability fromWire(String name) {
    return Arrays.stream(values())
        .filter(c -> c.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown capability \"" + name + "\"; expected one of release, generate-data-key, decrypt, encrypt"));
  }
}
