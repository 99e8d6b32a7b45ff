package io.keyquorum.cli.session;

import io.keyquorum.protocol.DeliveryMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --delivery client|orchestrator}. The default is {@code orchestrator}: the orchestrator
 * rebuilds the key for the moment of the request and only the result reaches this process. With
 * {@code client} the shares are sealed to this process, which rebuilds the key itself: the
 * orchestrator never sees it, but this client holds it, so the attestors judge the request as a
 * release and the key's policy must allow {@code release}.
 */
public final class DeliveryOption {
  @Option(names = "--delivery", paramLabel = "MODE", defaultValue = "orchestrator", converter = Mode.class,
      description = "Where the key is rebuilt: orchestrator (default) or client (this process holds the key, "
          + "so the key's policy must allow release).")
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
