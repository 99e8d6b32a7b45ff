package io.keyquorum.cli.bench;

import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyResult;
import io.keyquorum.protocol.DeliveryMode;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What {@code kq bench --op} measures: one whole SDK call as a user makes it, its result closed at
 * once so the secret it carries is zero-filled and never kept.
 */
public enum BenchOperation {
  /** Generate a data key under the key: plaintext and ciphertext blob. */
  DATAKEY,
  /** Decrypt one ciphertext blob made by a single datakey call before the run. */
  DECRYPT,
  /** Release the key's material. */
  RELEASE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The blocking call for this operation. For {@link #DECRYPT} this first makes the blob with one
   * datakey call (not timed), so a key or policy problem shows up before the run.
   */
  Operation.BlockingCall prepare(KeyQuorumClient client, String key, Map<String, String> context,
      DeliveryMode delivery) {
    return switch (this) {
      case DATAKEY -> () -> client.generateDataKey(key, context, delivery).close();
      case RELEASE -> () -> client.releaseKey(key, context, delivery).close();
      case DECRYPT -> {
        byte[] blob;
        try (KeyResult made = client.generateDataKey(key, context, delivery)) {
          blob = made.blobOrThrow();
        }
        yield () -> client.decrypt(blob, context, delivery).close();
      }
    };
  }

  static final class Name implements ITypeConverter<BenchOperation> {
    @Override
    public BenchOperation convert(String value) {
      for (BenchOperation op : values()) {
        if (op.wireName().equals(value)) {
          return op;
        }
      }
      throw new TypeConversionException("expected datakey, decrypt or release, got \"" + value + "\"");
    }
  }
}
