package io.keyquorum.protocol;

/**
 * Who rebuilds the key. In {@code ORCHESTRATOR} mode the orchestrator opens the shares, combines
 * and re-encrypts for the client; in {@code CLIENT} mode the shares are sealed to the client and
 * the orchestrator only forwards ciphertext, so it never sees the key.
 */
public enum DeliveryMode {
  ORCHESTRATOR,
  CLIENT;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static DeliveryMode fromWire(String name) {
    for (DeliveryMode m : values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown delivery mode \"" + name + "\"; expected orchestrator or client");
  }
}
