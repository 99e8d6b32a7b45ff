package io.keyquorum.attestor;

import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.LocalPolicyState;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyLimits;
import io.keyquorum.policy.PolicyWarning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attestor-local policy read from a file its operator owns, reloaded when the file changes.
 *
 * <p>Guarantee: the policy in force is always the file as it is now, or nothing. A new version
 * that does not parse or compile (or a file that vanishes, cannot be read or grows past the
 * limit) is refused with a logged error and leaves <em>no</em> policy in force until a version
 * compiles again: {@link #state()} then carries the error, and the attestor denies every request
 * the local policy governs. Keeping the last good version instead would silently run a policy
 * the operator has replaced, for instance one that their edit meant to tighten. At start-up the
 * file must be valid. Change is detected by polling the content's SHA-256, not file-system
 * events, because polling works the same on every file system (NFS, bind mounts, editors that
 * replace files). It lives in the attestor, not in {@code policy}, because the policy module
 * reads no files (README, Layout; enforced by {@code LayeringTest}).
 */
public final class LocalPolicySource implements AutoCloseable {
  /** What one {@link #poll()} did. */
  public enum ReloadResult {
    UNCHANGED,
    APPLIED,
    REFUSED
  }

  private static final Logger LOG = LoggerFactory.getLogger(LocalPolicySource.class);
  private static final String DENYING = "denying every request until a version compiles";

  private final Path file;
  private final PolicyCompiler compiler;
  private volatile LocalPolicyState state;
  private String currentDigest;
  private String lastSeenDigest;
  private ScheduledFuture<?> schedule;

  private LocalPolicySource(
      Path file, PolicyCompiler compiler, CompiledPolicy first, String digest) {
    this.file = file;
    this.compiler = compiler;
    this.state = LocalPolicyState.inForce(first);
    this.currentDigest = digest;
    this.lastSeenDigest = digest;
  }

  /** Loads {@code file}; it must be valid now: there is no earlier version to fall back on. */
  public static LocalPolicySource load(Path file, PolicyCompiler compiler)
      throws IOException, InvalidPolicyException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(compiler, "compiler");
    byte[] bytes = readBounded(file);
    CompiledPolicy first = compiler.compile(bytes);
    logWarnings(file, first);
    return new LocalPolicySource(file, compiler, first, sha256(bytes));
  }

  /** The policy in force, or why the file is not in force (then the caller must deny). */
  public LocalPolicyState state() {
    return state;
  }

  /** The policy in force; empty while the file does not compile (then the caller must deny). */
  public Optional<CompiledPolicy> current() {
    return state.policy();
  }

  /** Hex SHA-256 of the last version that compiled, for audit records. */
  public synchronized String currentDigest() {
    return currentDigest;
  }

  /** Checks the file once and applies a changed, valid version. */
  public synchronized ReloadResult poll() {
    byte[] bytes;
    try {
      bytes = readBounded(file);
    } catch (IOException e) {
      String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      String digest = "unreadable:" + reason;
      if (!digest.equals(lastSeenDigest)) {
        lastSeenDigest = digest;
        state = LocalPolicyState.broken("local policy file cannot be read: " + reason);
        LOG.error("local policy {} cannot be read; {}: {}", file, DENYING, reason);
      }
      return ReloadResult.REFUSED;
    }
    String digest = sha256(bytes);
    if (digest.equals(lastSeenDigest)) {
      // Same content as last look: either in force already, or already refused and logged.
      return state.policy().isPresent() ? ReloadResult.UNCHANGED : ReloadResult.REFUSED;
    }
    lastSeenDigest = digest;
    try {
      CompiledPolicy compiled = compiler.compile(bytes);
      state = LocalPolicyState.inForce(compiled);
      currentDigest = digest;
      LOG.info("local policy {} reloaded: '{}' version {}",
          file, compiled.name(), shortDigest(digest));
      logWarnings(file, compiled);
      return ReloadResult.APPLIED;
    } catch (InvalidPolicyException e) {
      state = LocalPolicyState.broken(
          "local policy version " + shortDigest(digest) + " does not compile: " + e.getMessage());
      LOG.error("local policy {} version {} refused; {}: {}",
          file, shortDigest(digest), DENYING, e.getMessage());
      return ReloadResult.REFUSED;
    }
  }

  /** Polls every {@code interval} on {@code scheduler} until {@link #close()}. */
  public synchronized void start(ScheduledExecutorService scheduler, Duration interval) {
    if (schedule != null) {
      throw new IllegalStateException("already started");
    }
    long millis = interval.toMillis();
    if (millis <= 0) {
      throw new IllegalArgumentException("interval must be positive");
    }
    schedule = scheduler.scheduleWithFixedDelay(
        this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A thrown exception would silently end a fixed-delay schedule; log and keep polling.
      // What the file now says is unknown, so nothing is in force until a poll succeeds.
      synchronized (this) {
        lastSeenDigest = "failed:" + e;
        state = LocalPolicyState.broken("local policy poll failed: " + e);
      }
      LOG.error("local policy {} poll failed; {}", file, DENYING, e);
    }
  }

  /** Deny-rule warnings, as {@code kq policy check} prints them; they never refuse a version. */
  private static void logWarnings(Path file, CompiledPolicy policy) {
    for (PolicyWarning w : policy.warnings()) {
      LOG.warn("local policy {}: {}", file, w.message());
    }
  }

  private static byte[] readBounded(Path file) throws IOException {
    // Read at most one byte past the limit, so a huge (or growing) file costs nothing to refuse.
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(PolicyLimits.MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > PolicyLimits.MAX_DOCUMENT_BYTES) {
        throw new IOException(
            "file exceeds the limit of " + PolicyLimits.MAX_DOCUMENT_BYTES + " bytes");
      }
      return bytes;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static String shortDigest(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
