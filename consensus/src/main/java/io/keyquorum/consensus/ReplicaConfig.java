package io.keyquorum.consensus;

/**
 * Tuning for one replica. {@code baseTimeoutMillis} is the view timeout after progress; each
 * consecutive timeout doubles it up to {@code 2^maxBackoffExponent} times (HotStuff §4.4
 * pacemaker: exponential back-off until views overlap long enough after GST). The pending-command
 * pool is bounded both in count and in bytes, so forwarded commands cannot exhaust memory.
 */
public record ReplicaConfig(long baseTimeoutMillis, int maxBackoffExponent, int maxBatchBytes, int maxPendingCommands,
    long maxPendingBytes) {
  public ReplicaConfig {
    if (baseTimeoutMillis < 1 || maxBackoffExponent < 0 || maxBackoffExponent > 20) {
      throw new IllegalArgumentException("timeout must be ≥ 1 ms and back-off exponent in 0..20");
    }
    if (maxBatchBytes < 1 || maxBatchBytes > Block.MAX_COMMAND_BYTES || maxPendingCommands < 1
        || maxPendingBytes < Block.MAX_COMMAND_BYTES) {
      throw new IllegalArgumentException("batch must be 1.." + Block.MAX_COMMAND_BYTES
          + " bytes and the pool must hold at least one largest command");
    }
  }

  public static ReplicaConfig defaults() {
    return new ReplicaConfig(1000, 5, Block.MAX_COMMAND_BYTES, 100_000, 256L << 20);
  }
}
