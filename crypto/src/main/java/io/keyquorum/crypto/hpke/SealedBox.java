package io.keyquorum.crypto.hpke;

import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HPKE single-shot message: the encapsulated ephemeral key {@code enc} (32 bytes) and the
 * AEAD ciphertext with its 16-byte tag. Wire form: {@code enc (32) ‖ bytes(ciphertext)}.
 */
public final class SealedBox {
  public static final int ENC_LENGTH = 32;
  public static final int TAG_LENGTH = 16;
  /** Bounds a hostile length before allocation; sealed payloads are shares and keys, not bulk data. */
  public static final int MAX_CIPHERTEXT = (1 << 20) + TAG_LENGTH;

  private final byte[] enc;
  private final byte[] ciphertext;

  public SealedBox(byte[] enc, byte[] ciphertext) {
    Objects.requireNonNull(enc, "enc");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (enc.length != ENC_LENGTH) {
      throw new MalformedEncodingException("HPKE enc must be " + ENC_LENGTH + " bytes, got " + enc.length);
    }
    if (ciphertext.length < TAG_LENGTH || ciphertext.length > MAX_CIPHERTEXT) {
      throw new MalformedEncodingException(
          "HPKE ciphertext must be " + TAG_LENGTH + ".." + MAX_CIPHERTEXT + " bytes, got " + ciphertext.length);
    }
    this.enc = enc.clone();
    this.ciphertext = ciphertext.clone();
  }

  public byte[] enc() {
    return enc.clone();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  public byte[] encode() {
    return new CanonicalWriter().fixed(enc, ENC_LENGTH).bytes(ciphertext).toByteArray();
  }

  public static SealedBox decode(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    byte[] enc = r.fixed("HPKE enc", ENC_LENGTH);
    byte[] ct = r.bytes("HPKE ciphertext", MAX_CIPHERTEXT);
    r.finish();
    return new SealedBox(enc, ct);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedBox other && Arrays.equals(enc, other.enc) && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedBox[" + ciphertext.length + " ciphertext bytes]";
  }
}
