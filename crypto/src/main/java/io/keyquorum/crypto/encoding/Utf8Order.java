package io.keyquorum.crypto.encoding;

import java.util.Comparator;

/**
 * The canonical order of map keys: the unsigned byte order of their UTF-8 encodings, which is
 * Unicode code point order. {@link String#compareTo} orders by UTF-16 code units instead, and the
 * two disagree where a supplementary character (a surrogate pair, 0xD800..0xDFFF) meets a
 * character in U+E000..U+FFFF: UTF-16 puts the supplementary one first, UTF-8 puts it last. A
 * non-Java encoder following docs/FORMATS.md must produce the same bytes, so Java must not use
 * its natural order here.
 */
public final class Utf8Order {
  /** Compares strings by code point, which equals comparing their UTF-8 bytes unsigned. */
  public static final Comparator<String> COMPARATOR = Utf8Order::compare;

  private Utf8Order() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
