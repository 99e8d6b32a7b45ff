package io.keyquorum.crypto.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small seeded mutation engine for structured binary and text inputs. It knows nothing about the
 * formats it mutates; it applies one to three of: bit flip, byte set, byte insert, byte delete,
 * range duplicate, truncation, length-field smash (a 4-byte big-endian u32 overwritten with 0,
 * 0xFFFFFFFF, 0x7FFFFFFF or a huge random value, the classic way to reach an unbounded allocation),
 * and a splice of two seeds. The same random source gives the same mutations, so a failure replays
 * from its seed and iteration.
 */
public final class Mutator {
  /** Mutated inputs are capped so a run of insertions cannot grow without bound. */
  static final int MAX_LENGTH = 1 << 16;

  private static final long[] SMASH_VALUES = {0L, 0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 1L << 20, 0xFFFFL};

  private final SplittableRandom random;

  public Mutator(SplittableRandom random) {
    this.random = random;
  }

  /** Returns a mutation of {@code input}; {@code corpus} supplies the other half of a splice. */
  public byte[] mutate(byte[] input, List<byte[]> corpus) {
    byte[] out = input.clone();
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      out = once(out, corpus);
      if (out.length > MAX_LENGTH) {
        out = Arrays.copyOf(out, MAX_LENGTH);
      }
    }
    return out;
  }

  private byte[] once(byte[] in, List<byte[]> corpus) {
    switch (random.nextInt(9)) {
      case 0: return flipBit(in);
      case 1: return setByte(in);
      case 2: return insert(in);
      case 3: return delete(in);
      case 4: return duplicate(in);
      case 5: return truncate(in);
      case 6:
      case 7: return smashLength(in);
      default: return splice(in, corpus.get(random.nextInt(corpus.size())));
    }
  }

  private byte[] flipBit(byte[] in) {
    if (in.length == 0) {
      return insert(in);
    }
    byte[] out = in.clone();
    int bit = random.nextInt(in.length * 8);
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }

  private byte[] setByte(byte[] in) {
    if (in.length == 0) {
      return insert(in);
    }
    byte[] out = in.clone();
    byte[] interesting = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, '"', '{', ':', '\n', '-'};
    out[random.nextInt(in.length)] = random.nextBoolean()
        ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
    return out;
  }

  private byte[] insert(byte[] in) {
    int at = random.nextInt(in.length + 1);
    int n = 1 + random.nextInt(8);
    byte[] out = new byte[in.length + n];
    System.arraycopy(in, 0, out, 0, at);
    for (int i = 0; i < n; i++) {
      out[at + i] = (byte) random.nextInt(256);
    }
    System.arraycopy(in, at, out, at + n, in.length - at);
    return out;
  }

  private byte[] delete(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    int at = random.nextInt(in.length);
    int n = 1 + random.nextInt(Math.min(16, in.length - at));
    byte[] out = new byte[in.length - n];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(in, at + n, out, at, in.length - at - n);
    return out;
  }

  private byte[] duplicate(byte[] in) {
    if (in.length == 0) {
      return insert(in);
    }
    int from = random.nextInt(in.length);
    int n = 1 + random.nextInt(Math.min(64, in.length - from));
    int at = random.nextInt(in.length + 1);
    byte[] out = new byte[in.length + n];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(in, from, out, at, n);
    System.arraycopy(in, at, out, at + n, in.length - at);
    return out;
  }

  private byte[] truncate(byte[] in) {
    return in.length == 0 ? in : Arrays.copyOf(in, random.nextInt(in.length));
  }

  private byte[] smashLength(byte[] in) {
    if (in.length < 4) {
      return insert(in);
    }
    byte[] out = in.clone();
    int at = random.nextInt(in.length - 3);
    long value = random.nextInt(4) == 0 ? random.nextLong() & 0xFFFFFFFFL
        : SMASH_VALUES[random.nextInt(SMASH_VALUES.length)];
    out[at] = (byte) (value >>> 24);
    out[at + 1] = (byte) (value >>> 16);
    out[at + 2] = (byte) (value >>> 8);
    out[at + 3] = (byte) value;
    return out;
  }

  private byte[] splice(byte[] in, byte[] other) {
    int head = random.nextInt(in.length + 1);
    int tailFrom = random.nextInt(other.length + 1);
    byte[] out = new byte[head + other.length - tailFrom];
    System.arraycopy(in, 0, out, 0, head);
    System.arraycopy(other, tailFrom, out, head, other.length - tailFrom);
    return out;
  }
}
