package io.keyquorum.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.resilience.cluster.NodeProcess;
import io.keyquorum.resilience.cluster.ProxiedNetwork;
import io.keyquorum.resilience.cluster.RegistryProbe;
import io.keyquorum.resilience.load.AdminLoad;
import io.keyquorum.resilience.load.DatakeyLoad;
import io.keyquorum.rpc.v1.NetworkStatus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five attestors (t = 3, registry f = 1) and the orchestrator as separate JVMs, every link between
 * them through a {@link io.keyquorum.resilience.cluster.FaultProxy}, under sustained data-key load
 * and registry writes. Each scenario injects one fault, lets it last, ends it, and then checks the
 * same promises: no acknowledged key, policy change or registry block lost; every acknowledged data
 * key decrypts; requests fail only within a detection window after a fault event (outside it at
 * least t attestors are reachable; 3 % slack for a starved machine); full health returns without an
 * operator. One network serves
 * every scenario; each starts by restoring (and asserting) full health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class) // a fixed order, so a seed picks the same victims again
class FaultScenariosTest {
  private static final long SEED = Long.getLong("resilience.seed", new SecureRandom().nextLong());
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  /** How long after a fault event requests may fail while the orchestrator notices it. */
  private static final Duration DETECTION = Duration.ofSeconds(5);
  private static final Duration FAULT_HELD = Duration.ofSeconds(8);

  @TempDir static Path tmp;
  private final Random random = new Random(SEED);
  private ProxiedNetwork network;
  private KeyQuorumClient client;
  private AdminCommands admin;
  private String loadKey;
  private String policyKey;
  /** A key every attestor must approve (t = 5): a request on it shows each attestor's own verdict. */
  private String unanimousKey;
  private FaultTimeline timeline;
  private String scenario;

  @BeforeAll
  void startNetwork() throws Exception {
    System.out.println("resilience seed " + SEED);
    long started = System.nanoTime();
    network = ProxiedNetwork.layOut(tmp.resolve("net"), 5);
    network.start(STARTUP);
    ClientProfile profile = ClientProfile.load(network.profile());
    client = KeyQuorumClient.connect(profile);
    admin = client.admin(profile.clientId(), profile.readIdentityKey());
    // The orchestrator follows the log from genesis: retry until it knows the admin client.
    loadKey = await("orchestrator serving key creation").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().until(() -> client.createKey("load", network.attestors(), 3, AdminLoad.ALLOW_ALL,
            Optional.empty()).keyId(), id -> id != null);
    policyKey = client.createKey("policy-target", network.attestors(), 3, AdminLoad.ALLOW_ALL, Optional.empty()).keyId();
    unanimousKey = client.createKey("unanimous", network.attestors(), 5, AdminLoad.ALLOW_ALL, Optional.empty()).keyId();
    System.out.printf("network of 5 attestors up with 3 keys in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  void stopNetwork() throws Exception {
    if (client != null) {
      client.close();
    }
    if (network != null) {
      network.close();
    }
  }

  @BeforeEach
  void restoreFullHealth(TestInfo test) throws Exception {
    scenario = test.getDisplayName();
    timeline = new FaultTimeline(SEED);
    network.proxy().healAll();
    for (String id : network.attestors()) {
      if (!network.node(id).isAlive()) {
        network.node(id).start();
      }
    }
    ClusterChecks.awaitFullHealth(client, loadKey, RECOVERY, scenario + " (before the fault)");
  }

  @Test
  void killingTwoRandomAttestors_losesNothing_andTheyRejoinAfterRestart() throws Exception {
    List<String> victims = pick(2);
    runScenario(() -> {
      for (String id : victims) {
        network.node(id).kill();
      }
      timeline.mark("kill -9 " + victims);
    }, NOTHING, () -> restart(victims));
  }

  @Test
  void killingTheRegistryLeaderDuringAdminWrites_writesContinueWithoutIt_andNothingIsLost() throws Exception {
    String[] leader = new String[1];
    Run run = runScenario(() -> {
      RegistryProbe.Snapshot seen = RegistryProbe.read(network, network.attestors().get(0), 1, RECOVERY);
      leader[0] = seen.leader().orElseThrow(() -> new AssertionError("no commit certificate to find the leader from"));
      network.node(leader[0]).kill();
      timeline.mark("kill -9 leader " + leader[0]);
    }, () -> {
      // Four of five replicas remain, a quorum: a view change must elect another leader.
      int before = writes.acknowledged();
      await("registry writes commit without the killed leader " + leader[0]).atMost(RECOVERY)
          .until(() -> writes.acknowledged() > before);
    }, () -> restart(List.of(leader[0])));
    assertThat(run.writesDuringFault()).as(timeline.describe()).isPositive();
  }

  @Test
  void partitionIsolatingTwoAttestors_thenHealing_losesNothing() throws Exception {
    Set<String> isolated = Set.copyOf(pick(2));
    runScenario(() -> {
      network.proxy().partition(isolated);
      timeline.mark("partition " + isolated);
    }, NOTHING, () -> {
      network.proxy().healAll();
      timeline.mark("heal");
    });
  }

  @Test
  void oneAttestorSlowedBy500ms_p99StaysNearTheFastQuorums() throws Exception {
    String slow = pick(1).get(0);
    long[] baselineStart = new long[1];
    Run run = runScenario(() -> {
      baselineStart[0] = System.nanoTime();
      hold(FAULT_HELD); // the baseline: the same load with every link fast
      network.proxy().delay(slow, Duration.ofMillis(500));
      timeline.mark("+500 ms on every link of " + slow);
    }, NOTHING, () -> {
      network.proxy().healAll();
      timeline.mark("heal");
    });
    List<DatakeyLoad.Success> fast = run.load().successes(
        s -> s.startNanos() >= baselineStart[0] && s.endNanos() <= run.faultAt());
    List<DatakeyLoad.Success> slowed = run.load().successes(
        s -> s.startNanos() >= run.faultAt() + Duration.ofSeconds(1).toNanos() && s.endNanos() <= run.endAt());
    double baseline = ClusterChecks.percentileMillis(fast, 99);
    double withSlow = ClusterChecks.percentileMillis(slowed, 99);
    long slowApprovals = slowed.stream().filter(s -> s.approvers().contains(slow)).count();
    System.out.printf("slow attestor %s: p50 %.1f -> %.1f ms, p99 %.1f -> %.1f ms (%d and %d requests);"
        + " %d of the slowed requests carry its approval%n", slow, ClusterChecks.percentileMillis(fast, 50),
        ClusterChecks.percentileMillis(slowed, 50), baseline, withSlow, fast.size(), slowed.size(), slowApprovals);
    // Waiting for the slow attestor would cost its round trip, 500 ms each way: at least +1000 ms.
    // Half of that is the margin, wide enough for a busy 2-core machine, still far below waiting.
    assertThat(withSlow).as("p99 with %s slowed by 500 ms vs %.1f ms baseline; %s", slow, baseline, timeline.describe())
        .isLessThan(baseline + 500);
  }

  @Test
  void attestorWithClockSkewBeyondTheWindow_refusesEveryRequest_isOutvoted_andRejoinsWhenCorrected() throws Exception {
    String skewed = pick(1).get(0);
    Run run = runScenario(() -> {
      network.node(skewed).kill();
      timeline.mark("kill -9 " + skewed);
      restart(List.of(skewed), "with its clock 10 min ahead", n -> n.startWithClockOffset(Duration.ofMinutes(10)));
    }, () -> {
      // The skewed node answers, and refuses: a request only it could complete fails, naming why.
      // (Retried until the orchestrator has reconnected to the restarted node and hears its answer.)
      await("a t = 5 request refused by " + skewed + " for its clock").atMost(RECOVERY)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            KeyQuorumException refused = catchThrowableOfType(KeyQuorumException.class,
                () -> client.generateDataKey(unanimousKey, DatakeyLoad.CONTEXT, DeliveryMode.ORCHESTRATOR).close());
            assertThat(refused).as("a t = 5 request while %s is skewed", skewed).isNotNull();
            assertThat(refused.attestors()).as(refused.getMessage()).anySatisfy(
                a -> assertThat(a.attestorId() + " " + a.reason()).contains(skewed, "clock skew"));
          });
    }, () -> {
      network.node(skewed).terminate(); // SIGTERM this time: a clean stop, then a correct clock
      timeline.mark("SIGTERM " + skewed);
      restart(List.of(skewed));
    });
    List<DatakeyLoad.Success> duringSkew = run.load().successes(
        s -> s.startNanos() > run.faultAt() + DETECTION.toNanos() && s.endNanos() < run.endAt());
    assertThat(duringSkew).as(timeline.describe()).isNotEmpty()
        .allSatisfy(s -> assertThat(s.approvers()).as("approvers while %s is skewed", skewed).doesNotContain(skewed));
    assertThat(network.node(skewed).logTail(400)).contains("clock offset PT10M applied to " + skewed);
    try (KeyResult all = client.generateDataKey(unanimousKey, DatakeyLoad.CONTEXT, DeliveryMode.CLIENT)) {
      assertThat(all.attestations()).as("all five approve once %s's clock is right", skewed).hasSize(5);
    }
  }

  /**
   * Starts stopped nodes and marks two events, the restart and the moment they listen: JVMs
   * starting on a busy 2-core machine starve their neighbours of CPU, so the whole start-up, plus
   * the detection window, counts as a disturbance.
   */
  private void restart(List<String> ids) throws Exception {
    restart(ids, "", NodeProcess::start);
  }

  private void restart(List<String> ids, String how, NodeStart start) throws Exception {
    for (String id : ids) {
      start.start(network.node(id));
    }
    timeline.mark("restart " + ids + (how.isEmpty() ? "" : " " + how));
    for (String id : ids) {
      network.awaitListening(id, RECOVERY);
    }
    timeline.mark(ids + " listening");
  }

  private interface NodeStart {
    void start(NodeProcess node) throws Exception;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static final Step NOTHING = () -> { };

  /** What a scenario's load saw, for scenario-specific checks after the common ones. */
  private record Run(DatakeyLoad load, long faultAt, long endAt, int writesDuringFault) {}

  private DatakeyLoad load;
  private AdminLoad writes;

  /**
   * Load on; inject; hold the fault; end it; recover. Then the common checks: requests were served
   * while the fault lasted (after the detection window), failed only within detection windows,
   * full health returned, every node's registry has every acknowledged write, every data key decrypts.
   */
  private Run runScenario(Step inject, Step duringFault, Step end) throws Exception {
    load = new DatakeyLoad(client, loadKey, 2, Duration.ofMillis(300));
    writes = new AdminLoad(client, admin, policyKey, network.attestors(), "k" + Math.abs(random.nextInt()),
        Duration.ofMillis(300));
    long faultAt;
    long endAt;
    int writesDuringFault;
    try {
      await("load under way").atMost(RECOVERY).until(() -> load.successes().size() >= 10 && writes.acknowledged() >= 1);
      timeline.mark("load steady");
      inject.run();
      faultAt = System.nanoTime();
      int writesAtFault = writes.acknowledged();
      hold(FAULT_HELD);
      duringFault.run();
      writesDuringFault = writes.acknowledged() - writesAtFault;
      end.run();
      endAt = System.nanoTime();
      await("registry writes resume after the fault ends").atMost(RECOVERY)
          .until(() -> writes.acknowledged() > writesAtFault + writesDuringFault);
    } finally {
      load.close();
      writes.close();
    }
    timeline.mark("load stopped");
    NetworkStatus healthy = ClusterChecks.awaitFullHealth(client, loadKey, RECOVERY, scenario + " (after recovery)");
    timeline.mark("full health");
    String context = scenario + "; " + timeline.describe() + "; " + ClusterChecks.summary(healthy);
    long servedDuringFault = load.successes(s -> s.startNanos() > faultAt + DETECTION.toNanos() && s.endNanos() < endAt)
        .size();
    assertThat(servedDuringFault).as(context + ": data keys served while the fault lasted").isPositive();
    // Outside the windows at least t attestors were reachable, so requests must succeed; the 3 %
    // allowance covers requests an overloaded shared CI machine starved past the attest deadline.
    List<DatakeyLoad.Failure> outside = timeline.outsideWindows(load.failures(), DETECTION);
    long requestsOutside = outside.size() + load.successes(s -> timeline.outsideWindows(s.startNanos(), s.endNanos(),
        DETECTION)).size();
    assertThat(outside.size()).as(context + ": failures outside detection windows, of " + requestsOutside + ": "
        + outside).isLessThanOrEqualTo((int) (requestsOutside * 0.03));
    ClusterChecks.assertRegistriesAgree(network, writes, healthy.getRegistryHeight(), context);
    timeline.mark("5 registries agree at height " + healthy.getRegistryHeight());
    ClusterChecks.assertAllDecrypt(client, load.successes(), context);
    timeline.mark(load.successes().size() + " data keys decrypted");
    System.out.println(scenario + ": " + load.successes().size() + " data keys, " + load.failures().size()
        + " failures (" + outside.size() + " outside detection windows), " + writes.acknowledged()
        + " registry writes acknowledged; "
        + timeline.describe());
    return new Run(load, faultAt, endAt, writesDuringFault);
  }

  /** Lets a fault (or the baseline) last: a fixed span of the scenario, not a wait for a condition. */
  private static void hold(Duration span) {
    await("hold " + span).pollDelay(span).atMost(span.plusSeconds(5)).until(() -> true);
  }

  private List<String> pick(int count) {
    List<String> pool = new ArrayList<>(network.attestors());
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chosen.add(pool.remove(random.nextInt(pool.size())));
    }
    return chosen;
  }
}
