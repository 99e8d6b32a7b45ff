package io.keyquorum.cli.session;

import io.keyquorum.protocol.DeliveryMode;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --delivery} for decryption: absent, the mode recorded in the ciphertext blob (or the
 * encrypted file's header) is used, orchestrator for a v1 blob that records none.
 */
public final class RecordedDeliveryOption {
  @Option(names = "--delivery", paramLabel = "MODE", converter = DeliveryOption.Mode.class,
      description = "Where the key is rebuilt; default: the mode the blob records (client needs release).")
  DeliveryMode mode;

  public Optional<DeliveryMode> override() {
    return Optional.ofNullable(mode);
  }
}
