package io.keyquorum.crypto.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

  @Test
  void everyFieldType_roundTrips() {
    byte[] bytes = new CanonicalWriter()
        .u8(255).bool(true).u32(0xFFFF_FFFFL).u64(-1L).bytes(new byte[] {1, 2})
        .fixed(new byte[] {9, 9, 9}, 3).string("héllo").strings(List.of("a", "b"))
        .stringMap(Map.of("z", "1", "a", "2"))
        .toByteArray();
    CanonicalReader r = new CanonicalReader(bytes);
    assertThat(r.u8("u8")).isEqualTo(255);
    assertThat(r.bool("bool")).isTrue();
    assertThat(r.u32("u32")).isEqualTo(0xFFFF_FFFFL);
    assertThat(r.u64("u64")).isEqualTo(-1L);
    assertThat(r.bytes("bytes", 10)).containsExactly(1, 2);
    assertThat(r.fixed("fixed", 3)).containsExactly(9, 9, 9);
    assertThat(r.string("string", 10)).isEqualTo("héllo");
    assertThat(r.strings("strings", 5, 5)).containsExactly("a", "b");
    assertThat(r.stringMap("map", 5, 5)).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));
    r.finish();
  }

  @Test
  void integersAreBigEndian_andLengthsPrefixed() {
    assertThat(new CanonicalWriter().u32(258).toByteArray()).containsExactly(0, 0, 1, 2);
    assertThat(new CanonicalWriter().string("ab").toByteArray()).containsExactly(0, 0, 0, 2, 'a', 'b');
  }

  @Test
  void mapOrder_doesNotChangeTheEncoding() {
    Map<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(new CanonicalWriter().stringMap(reversed).toByteArray())
        .isEqualTo(new CanonicalWriter().stringMap(Map.of("c", "3", "a", "1", "b", "2")).toByteArray());
  }

  @Test
  void hostileLength_isRefusedBeforeAllocation_andNamesTheField() {
    byte[] claimsFourGigabytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThatThrownBy(() -> new CanonicalReader(claimsFourGigabytes).bytes("key id", 256))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessage("key id: length 4294967295 exceeds limit 256");
    assertThatThrownBy(() -> new CanonicalReader(claimsFourGigabytes).count("policies", 100))
        .hasMessage("policies: count 4294967295 exceeds limit 100");
  }

  @Test
  void lengthBeyondTheInput_isTruncation() {
    byte[] claimsTen = {0, 0, 0, 10, 1, 2};
    assertThatThrownBy(() -> new CanonicalReader(claimsTen).bytes("body", 100))
        .hasMessage("body: truncated (need 10 bytes, 2 left)");
  }

  @Test
  void trailingBytes_areRefused() {
    CanonicalReader r = new CanonicalReader(new byte[] {1, 2});
    r.u8("first");
    assertThatThrownBy(r::finish).hasMessage("1 trailing bytes after the last field");
  }

  @Test
  void nonBooleanAndInvalidUtf8_areRefused() {
    assertThatThrownBy(() -> new CanonicalReader(new byte[] {2}).bool("flag")).hasMessageContaining("flag: boolean");
    byte[] badUtf8 = {0, 0, 0, 1, (byte) 0xC3};
    assertThatThrownBy(() -> new CanonicalReader(badUtf8).string("name", 10)).hasMessage("name: not valid UTF-8");
  }

  @Test
  void unsortedOrDuplicateMapKeys_areRefused() {
    byte[] unsorted = new CanonicalWriter().u32(2).string("b").string("1").string("a").string("2").toByteArray();
    assertThatThrownBy(() -> new CanonicalReader(unsorted).stringMap("context", 5, 5))
        .hasMessageContaining("context: keys not in strictly ascending order");
    byte[] duplicate = new CanonicalWriter().u32(2).string("a").string("1").string("a").string("2").toByteArray();
    assertThatThrownBy(() -> new CanonicalReader(duplicate).stringMap("context", 5, 5))
        .hasMessageContaining("strictly ascending");
  }

  /**
   * Known answer: keys sort by their UTF-8 bytes (docs/FORMATS.md), so U+E000 (EE 80 80) comes
   * before U+1F600 (F0 9F 98 80), although UTF-16 (D83D DE00) would put the emoji first.
   */
  @Test
  void mapKeys_sortByUtf8Bytes_notUtf16CodeUnits() {
    String privateUse = "\uE000";
    String emoji = "\uD83D\uDE00";
    byte[] encoded = new CanonicalWriter().stringMap(Map.of(emoji, "b", privateUse, "a")).toByteArray();
    assertThat(java.util.HexFormat.of().formatHex(encoded)).isEqualTo(
        "00000002" + "00000003ee8080" + "0000000161" + "00000004f09f9880" + "0000000162");
    assertThat(new CanonicalReader(encoded).stringMap("context", 5, 8).keySet()).containsExactly(privateUse, emoji);
    byte[] utf16Order = new CanonicalWriter().u32(2).string(emoji).string("b").string(privateUse).string("a")
        .toByteArray();
    assertThatThrownBy(() -> new CanonicalReader(utf16Order).stringMap("context", 5, 8))
        .hasMessageContaining("strictly ascending");
  }

  @Test
  void writerRefusesOutOfRangeIntegersAndWrongFixedLengths() {
    assertThatThrownBy(() -> new CanonicalWriter().u8(256)).hasMessage("u8 out of range: 256");
    assertThatThrownBy(() -> new CanonicalWriter().u32(-1)).hasMessage("u32 out of range: -1");
    assertThatThrownBy(() -> new CanonicalWriter().fixed(new byte[2], 3)).hasMessage("expected 3 bytes, got 2");
  }
}
