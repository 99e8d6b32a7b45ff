package io.keyquorum.cli.session;

import io.keyquorum.protocol.DeliveryMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --delivery client|orchestrator}. The default is {@code client}: shares are sealed to this
 * process and rebuilt here, so the orchestrator never sees the key.
 */
public final class DeliveryOption {
  @Option(names = "--delivery", paramLabel = "MODE", defaultValue = "client", converter = Mode.class,
      description = "Where the key is rebuilt: client (default; the orchestrator never sees it) or orchestrator.")
  DeliveryMode mode;

  public DeliveryMode mode() {
    return mode;
  }

  static final class Mode implements ITypeConverter<DeliveryMode> {
    @Override
    public DeliveryMode convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "client" -> DeliveryMode.CLIENT;
        case "orchestrator" -> DeliveryMode.ORCHESTRATOR;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "expected client or orchestrator, got " + value);
      };
    }
  }
}
