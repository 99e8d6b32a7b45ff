package io.keyquorum.registry;

import java.util.Objects;

/**
 * Why a committed command did not take effect. Every honest replica computes the same rejection
 * for the same state and command, so the code and message are safe to show to the author.
 */
public record Rejection(RejectionCode code, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
