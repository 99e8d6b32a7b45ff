package io.keyquorum.client.envelope;

import io.keyquorum.crypto.SecretBytes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Child-process body of {@link LargeStreamTest}: encrypts {@code args[1]} bytes of generated data
 * to a file in {@code args[0]}, decrypts it back, and prints the SHA-256 of the generated input,
 * of the decrypted output, and the peak heap use. Run with a small -Xmx to prove constant memory.
 */
public final class LargeStreamCheck {
  private LargeStreamCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    SecureRandom random = new SecureRandom();
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    SecretBytes dataKey = SecretBytes.adopt(raw);
    Path encrypted = dir.resolve("large.kqes");

    MessageDigest inputDigest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new GeneratedStream(size, inputDigest);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(encrypted), 1 << 16)) {
      StreamCipher.encrypt(in, out, dataKey, new byte[64], java.util.Map.of(), StreamCipher.DEFAULT_CHUNK, random,
          total -> { });
    }
    MessageDigest outputDigest = MessageDigest.getInstance("SHA-256");
    long decrypted;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(encrypted), 1 << 16);
        OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), outputDigest)) {
      StreamHeader header = StreamHeader.read(in);
      decrypted = StreamCipher.decrypt(header, in, out, dataKey, total -> { });
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("size=" + decrypted + " ciphertext=" + Files.size(encrypted));
    System.out.println("in=" + HexFormat.of().formatHex(inputDigest.digest()));
    System.out.println("out=" + HexFormat.of().formatHex(outputDigest.digest()));
    System.out.println("peakHeap=" + peak + " maxHeap=" + Runtime.getRuntime().maxMemory());
  }

  /** Deterministic pseudo-random bytes (xorshift), hashed as they are read. */
  private static final class GeneratedStream extends InputStream {
    private long remaining;
    private long state = 0x9E3779B97F4A7C15L;
    private final MessageDigest digest;

    GeneratedStream(long size, MessageDigest digest) {
      this.remaining = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        if ((i & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> ((i & 7) * 8));
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }
  }
}
