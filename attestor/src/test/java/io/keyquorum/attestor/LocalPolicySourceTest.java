package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keyquorum.policy.AttestorFacts;
import io.keyquorum.policy.ClientFacts;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyInput;
import io.keyquorum.policy.PolicyLimits;
import io.keyquorum.policy.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LocalPolicySourceTest {
  private static final Clock AT_NOON =
      Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  /** A plain decrypt request; only whether the policy in force allows it matters here. */
  private static final PolicyInput REQUEST = new PolicyInput(
      new RequestFacts("k1", List.of("decrypt"), Map.of(), Optional.empty()),
      new ClientFacts("app-1", List.of(), Map.of()),
      new AttestorFacts("attestor-1", Map.of()));
  private static final String ALLOW_ALL = "policy: open\nrules:\n  - effect: allow\n";
  private static final String DENY_ALL = "policy: closed\nrules:\n  - effect: deny\n";

  @TempDir Path dir;
  private Path file;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(LocalPolicySource.class);

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("local.yaml");
    write(ALLOW_ALL);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(logged);
  }

  private void write(String content) throws Exception {
    // Write then move, as editors and config tools do, so a poll never sees half a file.
    Path tmp = dir.resolve("next.tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** As the attestor applies it: no policy in force denies. */
  private static boolean allows(LocalPolicySource source) {
    return source.current()
        .map(p -> p.evaluate(REQUEST, AT_NOON).allowed()).orElse(false);
  }

  private static String name(LocalPolicySource source) {
    return source.current().orElseThrow().name();
  }

  @Test
  void unchangedFile_isNotReloaded() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    CompiledPolicy first = source.current().orElseThrow();
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.UNCHANGED);
    assertThat(source.current()).containsSame(first);
  }

  @Test
  void validChange_isApplied() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    assertThat(allows(source)).isTrue();
    write(DENY_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(name(source)).isEqualTo("closed");
    assertThat(allows(source)).isFalse();
  }

  @Test
  void brokenLocalPolicyReload_failsClosed() throws Exception {
    // Changed with issue 13 item 12: a broken edit used to leave the last good version in force
    // (here an allow-all, so the edit that meant to close the attestor left it open).
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    String goodDigest = source.currentDigest();
    assertThat(allows(source)).isTrue();
    write("policy: broken\nrules:\n  - effect: deny\n    when: request.nope\n");
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current()).isEmpty();
    assertThat(allows(source)).isFalse();
    assertThat(source.state().error()).hasValueSatisfying(error -> assertThat(error)
        .contains("does not compile").contains("rule 0 (line 4): when 1:8: undefined field 'nope'"));
    assertThat(source.currentDigest()).isEqualTo(goodDigest);
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.ERROR);
      assertThat(event.getFormattedMessage())
          .contains("refused").contains("denying every request until a version compiles")
          .contains("undefined field 'nope'").contains("rule 0");
    });
    // The same bad version is refused again without logging again, and still denies.
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(logged.list).hasSize(1);
    assertThat(allows(source)).isFalse();
    // A fixed version is then applied, and the error is gone.
    write(DENY_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(name(source)).isEqualTo("closed");
    assertThat(source.state().error()).isEmpty();
  }

  @Test
  void brokenReload_thenTheOldTextRestored_isInForceAgain() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    write("policy: [\n");
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(allows(source)).isFalse();
    write(ALLOW_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(allows(source)).isTrue();
  }

  @Test
  void deletedOrOversizedFile_failsClosed() throws Exception {
    // Changed with issue 13 item 12: these used to keep the last good version in force.
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    Files.delete(file);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current()).isEmpty();
    assertThat(source.state().error()).hasValueSatisfying(e -> assertThat(e)
        .contains("cannot be read").contains("NoSuchFileException"));
    write(ALLOW_ALL + "#" + "x".repeat(PolicyLimits.MAX_DOCUMENT_BYTES));
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current()).isEmpty();
    assertThat(source.state().error()).hasValueSatisfying(e -> assertThat(e)
        .contains("exceeds the limit"));
    assertThat(logged.list).hasSize(2).allMatch(e -> e.getLevel() == Level.ERROR);
    write(ALLOW_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(allows(source)).isTrue();
  }

  @Test
  void reloadedVersionWithAnUnguardedDenyRead_isAppliedAndItsWarningLogged() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    write("policy: env\nrules:\n  - effect: allow\n  - effect: deny\n"
        + "    when: request.context[\"env\"] == \"prod\"\n");
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage())
            .contains("rule 1 (line 5): when 1:16: request.context[\"env\"] is read without a guard"));
  }

  @Test
  void invalidFileAtStartup_isRefused() throws Exception {
    write("policy: p\nrules:\n  - effect: maybe\n");
    assertThatThrownBy(() -> LocalPolicySource.load(file, new PolicyCompiler()))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("rule 0 (line 3): effect: must be 'allow' or 'deny', got 'maybe'");
  }

  @Test
  void scheduledPolling_appliesChangeWithoutRestart() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler())) {
      source.start(scheduler, Duration.ofMillis(20));
      write(DENY_ALL);
      Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> source.current().map(p -> p.name().equals("closed")).orElse(false));
      assertThat(allows(source)).isFalse();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
