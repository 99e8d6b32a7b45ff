package io.keyquorum.client.envelope;

/** Told the running total of plaintext bytes processed, once per chunk. */
@FunctionalInterface
public interface Progress {
  Progress NONE = bytes -> { };

  void bytesProcessed(long total);
}
