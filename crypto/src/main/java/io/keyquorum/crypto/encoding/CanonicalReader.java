package io.keyquorum.crypto.encoding;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link CanonicalWriter} wrote, strictly: every length is bounds-checked before any
 * allocation, strings must be valid UTF-8, maps must be in strictly ascending key order, and
 * {@link #finish()} rejects trailing bytes. Any violation throws {@link MalformedEncodingException}
 * naming the field, so hostile input can neither crash nor be read two ways.
 */
public final class CanonicalReader {
  private final byte[] in;
  private int pos;

  public CanonicalReader(byte[] in) {
    this.in = in;
  }

  public int u8(String field) {
    need(1, field);
    return in[pos++] & 0xFF;
  }

  public boolean bool(String field) {
    int v = u8(field);
    if (v > 1) {
      throw new MalformedEncodingException(field + ": boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public long u32(String field) {
    need(4, field);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (in[pos++] & 0xFF);
    }
    return v;
  }

  public long u64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[pos++] & 0xFF);
    }
    return v;
  }

  /** A length-prefixed byte string of at most {@code maxLength} bytes. */
  public byte[] bytes(String field, int maxLength) {
    long len = u32(field);
    if (len > maxLength) {
      throw new MalformedEncodingException(field + ": length " + len + " exceeds limit " + maxLength);
    }
    return take((int) len, field);
  }

  public byte[] fixed(String field, int length) {
    return take(length, field);
  }

  public String string(String field, int maxBytes) {
    byte[] raw = bytes(field, maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEncodingException(field + ": not valid UTF-8");
    }
  }

  public List<String> strings(String field, int maxCount, int maxBytesEach) {
    int count = count(field, maxCount);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(string(field + "[" + i + "]", maxBytesEach));
    }
    return List.copyOf(out);
  }

  /** A map written in sorted order; out-of-order or duplicate keys are rejected. */
  public Map<String, String> stringMap(String field, int maxEntries, int maxBytesEach) {
    int count = count(field, maxEntries);
    Map<String, String> out = new LinkedHashMap<>();
    String previous = null;
    for (int i = 0; i < count; i++) {
      String key = string(field + " key", maxBytesEach);
      if (previous != null && Utf8Order.compare(previous, key) >= 0) {
        throw new MalformedEncodingException(field + ": keys not in strictly ascending order at \"" + key + "\"");
      }
      out.put(key, string(field + "[" + key + "]", maxBytesEach));
      previous = key;
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A u32 element count, bounded before anything is allocated. */
  public int count(String field, int max) {
    long count = u32(field + " count");
    if (count > max) {
      throw new MalformedEncodingException(field + ": count " + count + " exceeds limit " + max);
    }
    return (int) count;
  }

  public int remaining() {
    return in.length - pos;
  }

  /** Rejects trailing bytes: a canonical encoding has exactly one length. */
  public void finish() {
    if (pos != in.length) {
      throw new MalformedEncodingException((in.length - pos) + " trailing bytes after the last field");
    }
  }

  private byte[] take(int len, String field) {
    need(len, field);
    byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + len);
    pos += len;
    return out;
  }

  private void need(int len, String field) {
    if (len < 0 || in.length - pos < len) {
      throw new MalformedEncodingException(field + ": truncated (need " + len + " bytes, " + (in.length - pos) + " left)");
    }
  }
}
