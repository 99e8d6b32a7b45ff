package io.keyquorum.policy;

import static io.keyquorum.policy.Inputs.AT_NOON;
import static io.keyquorum.policy.Inputs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LocalPolicySourceTest {
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

  private static boolean allows(LocalPolicySource source) {
    return source.current().evaluate(request().build(), AT_NOON).allowed();
  }

  @Test
  void unchangedFile_isNotReloaded() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    CompiledPolicy first = source.current();
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.UNCHANGED);
    assertThat(source.current()).isSameAs(first);
  }

  @Test
  void validChange_isApplied() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    assertThat(allows(source)).isTrue();
    write(DENY_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(source.current().name()).isEqualTo("closed");
    assertThat(allows(source)).isFalse();
  }

  @Test
  void invalidChange_isRefusedLoggedAndLastGoodKept() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    String goodDigest = source.currentDigest();
    write("policy: broken\nrules:\n  - effect: deny\n    when: request.nope\n");
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current().name()).isEqualTo("open");
    assertThat(source.currentDigest()).isEqualTo(goodDigest);
    assertThat(allows(source)).isTrue();
    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.ERROR);
      assertThat(event.getFormattedMessage())
          .contains("refused").contains("undefined field 'nope'").contains("rule 0");
    });
    // The same bad version is refused again without logging again.
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(logged.list).hasSize(1);
    // A fixed version is then applied.
    write(DENY_ALL);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.APPLIED);
    assertThat(source.current().name()).isEqualTo("closed");
  }

  @Test
  void deletedOrOversizedFile_keepsLastGood() throws Exception {
    LocalPolicySource source = LocalPolicySource.load(file, new PolicyCompiler());
    Files.delete(file);
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current().name()).isEqualTo("open");
    write(ALLOW_ALL + "#" + "x".repeat(PolicyLimits.MAX_DOCUMENT_BYTES));
    assertThat(source.poll()).isEqualTo(LocalPolicySource.ReloadResult.REFUSED);
    assertThat(source.current().name()).isEqualTo("open");
    assertThat(logged.list).hasSize(2).allMatch(e -> e.getLevel() == Level.ERROR);
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
          .until(() -> source.current().name().equals("closed"));
      assertThat(allows(source)).isFalse();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
