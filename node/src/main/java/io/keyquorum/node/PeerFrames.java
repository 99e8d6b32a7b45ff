package io.keyquorum.node;

import java.util.Arrays;

/**
 * The node's PeerLink payloads: {@code u8 kind ‖ body}. Kind 1 carries a consensus message
 * (its own canonical encoding, signed where the protocol requires); kind 2 a command submitted
 * for the receiver's command pool. Nothing here is signed: the sender is the mTLS peer, and the
 * bodies carry their own signatures.
 */
public final class PeerFrames {
  public static final int CONSENSUS = 1;
  public static final int SUBMIT = 2;

  /** A decoded payload. */
  public record Frame(int kind, byte[] body) {}

  private PeerFrames() {}

  public static byte[] consensus(byte[] message) {
    return frame(CONSENSUS, message);
  }

  public static byte[] submit(byte[] command) {
    return frame(SUBMIT, command);
  }

  private static byte[] frame(int kind, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = (byte) kind;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  /** @throws IllegalArgumentException if the payload is empty or of an unknown kind */
  public static Frame decode(byte[] payload) {
    if (payload.length < 2) {
      throw new IllegalArgumentException("peer frame of " + payload.length + " bytes is too short");
    }
    int kind = payload[0] & 0xff;
    if (kind != CONSENSUS && kind != SUBMIT) {
      throw new IllegalArgumentException("unknown peer frame kind " + kind);
    }
    return new Frame(kind, Arrays.copyOfRange(payload, 1, payload.length));
  }
}
