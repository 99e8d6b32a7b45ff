package io.keyquorum.crypto.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the one canonical byte encoding of a value, for signing and for every "‖" in the design.
 *
 * <p>Every variable-length field is length-prefixed (u32 big-endian), integers are fixed-width
 * big-endian, and maps are written in sorted key order, so two different values never encode to
 * the same bytes and every encoder produces the same bytes for the same value.
 */
public final class CanonicalWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  public CanonicalWriter u8(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    out.write(value);
    return this;
  }

  public CanonicalWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  public CanonicalWriter u32(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("u32 out of range: " + value);
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  public CanonicalWriter u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  /** A length-prefixed byte string. */
  public CanonicalWriter bytes(byte[] value) {
    u32(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  /** Bytes of a length both sides know in advance (a hash, a key, a signature); no prefix. */
  public CanonicalWriter fixed(byte[] value, int expectedLength) {
    if (value.length != expectedLength) {
      throw new IllegalArgumentException("expected " + expectedLength + " bytes, got " + value.length);
    }
    out.write(value, 0, value.length);
    return this;
  }

  /** A length-prefixed UTF-8 string. */
  public CanonicalWriter string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A count-prefixed list of strings, in the given order. */
  public CanonicalWriter strings(Iterable<String> values) {
    java.util.List<String> list = new java.util.ArrayList<>();
    values.forEach(list::add);
    u32(list.size());
    list.forEach(this::string);
    return this;
  }

  /** A count-prefixed string map, in sorted key order whatever the map's own order. */
  public CanonicalWriter stringMap(Map<String, String> map) {
    // UTF-8 byte order, as docs/FORMATS.md states; not String's UTF-16 order (see Utf8Order).
    SortedMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(map);
    u32(sorted.size());
    sorted.forEach((k, v) -> string(k).string(v));
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
