package io.keyquorum.cli.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextOptionTest {
  @Test
  void firstEqualsSplits_soValuesMayContainEquals_andEmptyValuesAreKept() {
    assertThat(ContextOption.parse(List.of("dept=finance", "q=a=b", "empty="))).containsExactly(
        java.util.Map.entry("dept", "finance"), java.util.Map.entry("q", "a=b"), java.util.Map.entry("empty", ""));
  }

  @Test
  void entryWithoutEquals_isRefused() {
    assertThatThrownBy(() -> ContextOption.parse(List.of("dept"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("expected KEY=VALUE");
  }

  @Test
  void emptyKey_isRefused() {
    assertThatThrownBy(() -> ContextOption.parse(List.of("=x"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("empty key");
  }

  @Test
  void duplicateKey_isRefused_evenWithTheSameValue() {
    assertThatThrownBy(() -> ContextOption.parse(List.of("a=1", "a=1"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("\"a\" given more than once");
  }
}
