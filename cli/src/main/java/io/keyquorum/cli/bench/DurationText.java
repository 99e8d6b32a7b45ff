package io.keyquorum.cli.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them on a command line: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
public final class DurationText implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("expected a number and a unit (ms, s, m or h), like 30s or 500ms, got \""
          + text + "\"");
    }
    long nanosPerUnit = switch (m.group(2)) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(Duration.ofDays(365).toNanos())) > 0) {
      throw new TypeConversionException("\"" + text + "\" is longer than a year");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
