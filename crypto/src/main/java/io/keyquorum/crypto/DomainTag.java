package io.keyquorum.crypto;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The domain-separation tag that starts every signed payload, such as {@code
 * keyquorum/attestation/v1}. A signature made for one domain can never verify in another, because
 * the verifier checks the tag it expects before it parses anything.
 */
public record DomainTag(String value) {
  private static final Pattern FORM = Pattern.compile("keyquorum/[a-z0-9-]+(/[a-z0-9-]+)*/v[0-9]+");

  public DomainTag {
    if (value == null || value.length() > 64 || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("domain tag must look like keyquorum/<name>/v<n>, got: " + value);
    }
  }

  /** The tag as it prefixes a payload: one length byte, then ASCII. */
  byte[] prefix() {
    byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[ascii.length + 1];
    out[0] = (byte) ascii.length;
    System.arraycopy(ascii, 0, out, 1, ascii.length);
    return out;
  }
}
