package io.keyquorum.consensus;

import io.keyquorum.consensus.ByzantineNode.Behaviour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seeded scenario: n replicas (4, 5 or 7), up to f of them faulty (Byzantine behaviours or a
 * wiped disk), a lossy and partitioned network until GST, an honest crash-restart, an optional
 * learner, and a client that submits commands to one or several replicas and resubmits until they
 * commit. Checks agreement on every commit and, at the end, liveness and exactly-once.
 */
final class Simulation {
  static final ReplicaConfig CONFIG = new ReplicaConfig(300, 4, 64 * 1024, 10_000, 64L << 20);
  static final long LIVENESS_WINDOW = 60_000;

  final long seed;
  final int n;
  final String description;
  private final Random rnd;
  private final TestKeys keys;
  private final SimWorld world;
  private final MemoizingVerifier verifier = new MemoizingVerifier();
  private final Map<Integer, Behaviour> byzantine = new HashMap<>();
  private final Set<Integer> wiped = new HashSet<>();
  private final Map<Integer, InMemoryBlockStore> stores = new HashMap<>();
  private final Map<Integer, Set<BlockHash>> committedCommands = new HashMap<>();
  private final Map<Integer, Long> lastHeight = new HashMap<>();
  private final Map<Long, BlockHash> agreed = new HashMap<>();
  private final List<byte[]> commands = new ArrayList<>();
  private final Set<BlockHash> commandHashes = new HashSet<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<Integer, Replica> replicas = new HashMap<>();
  private final int learnerIndex;
  private Learner learner;

  Simulation(long seed) {
    this.seed = seed;
    this.rnd = new Random(seed);
    this.n = new int[] {4, 5, 7}[(int) Math.floorMod(seed, 3L)];
    this.keys = new TestKeys(n, seed * 31 + n);
    int f = ReplicaSet.faultTolerance(n);
    int faulty = rnd.nextInt(f + 1);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, rnd);
    Behaviour[] all = Behaviour.values();
    for (int i = 0; i < faulty; i++) {
      int pick = rnd.nextInt(all.length + 1);
      if (pick == all.length) {
        wiped.add(order.get(i));
      } else {
        byzantine.put(order.get(i), all[pick]);
      }
    }
    long gst = 1500 + rnd.nextInt(4000);
    Set<Integer> side = new HashSet<>();
    long partitionStart = 0;
    long partitionEnd = 0;
    if (rnd.nextInt(3) == 0) {
      for (int i = 0; i < n; i++) {
        if (rnd.nextBoolean()) {
          side.add(i);
        }
      }
      partitionStart = rnd.nextInt((int) gst / 2);
      partitionEnd = partitionStart + 300 + rnd.nextInt(2000);
    }
    SimWorld.Faults faults = new SimWorld.Faults(rnd.nextDouble() * 0.2, rnd.nextDouble() * 0.1, 2 + rnd.nextInt(60), gst,
        side, partitionStart, partitionEnd);
    boolean withLearner = rnd.nextInt(4) == 0;
    this.learnerIndex = withLearner ? n : -1;
    this.world = new SimWorld(withLearner ? n + 1 : n, new Random(rnd.nextLong()), faults);
    this.description = "n=" + n + " byzantine=" + byzantine + " wiped=" + wiped + " faults=" + faults + " learner=" + withLearner;
  }

  /** Runs the scenario; returns the violations found (empty means agreement, liveness and exactly-once held). */
  List<String> run() {
    for (int i = 0; i < n; i++) {
      if (byzantine.containsKey(i)) {
        world.attach(i, new ByzantineNode(byzantine.get(i), i, keys, world, CONFIG, verifier));
      } else {
        stores.put(i, new InMemoryBlockStore());
        start(i);
      }
    }
    if (learnerIndex >= 0) {
      learner = new Learner(keys.replicas, world.networkFor(learnerIndex), b -> record(learnerIndex, b), 200, verifier);
      world.attach(learnerIndex, new SimWorld.Node() {
        @Override
        public void onMessage(int from, byte[] message) {
          learner.onMessage(from, message);
        }

        @Override
        public void onTick(long now) {
          learner.onTick(now);
        }
      });
    }
    world.tickEvery(10);
    scheduleFaults();
    int count = 3 + rnd.nextInt(4);
    for (int c = 0; c < count; c++) {
      byte[] command = ("cmd-" + seed + "-" + c + "-" + rnd.nextInt()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      commands.add(command);
      commandHashes.add(BlockHash.sha256(command));
      world.at(rnd.nextInt((int) world.faults.gst() + 1000), () -> submitToSome(command, 1 + rnd.nextInt(3)));
    }
    resubmitLoop();
    try {
      world.runUntil(world.faults.gst() + LIVENESS_WINDOW, () -> !violations.isEmpty() || allCommitted());
    } catch (IllegalStateException e) {
      // BlockTree refuses a commit that does not extend its committed chain: a fork reached one node.
      violations.add("agreement: a node's commits conflict at t=" + world.now() + ": " + e.getMessage());
      return violations;
    }
    if (violations.isEmpty() && !allCommitted()) {
      violations.add("liveness: not every honest node committed every command by t=" + world.now() + " " + progress());
    }
    return violations;
  }

  private void start(int i) {
    Replica r = new Replica(i, keys.key(i), keys.replicas, stores.get(i), world.networkFor(i), b -> record(i, b), CONFIG, verifier);
    replicas.put(i, r);
    world.attach(i, new SimWorld.Node() {
      @Override
      public void onMessage(int from, byte[] message) {
        r.onMessage(from, message);
      }

      @Override
      public void onTick(long now) {
        r.onTick(now);
      }
    });
  }

  /** One honest crash-restart (disk kept) and, for wiped nodes, a crash that loses the disk; all back before GST. */
  private void scheduleFaults() {
    long gst = world.faults.gst();
    List<Integer> honest = honestIndices();
    if (rnd.nextBoolean()) {
      int victim = honest.get(rnd.nextInt(honest.size()));
      long down = rnd.nextInt((int) gst / 2);
      world.at(down, () -> world.crash(victim));
      world.at(down + 200 + rnd.nextInt((int) gst / 2), () -> start(victim));
    }
    for (int w : wiped) {
      long down = rnd.nextInt((int) gst / 2);
      world.at(down, () -> world.crash(w));
      world.at(down + 200 + rnd.nextInt((int) gst / 2), () -> {
        stores.put(w, new InMemoryBlockStore());
        committedCommands.remove(w);
        lastHeight.remove(w);
        start(w);
      });
    }
  }

  private void resubmitLoop() {
    world.at(world.now() + 2000, () -> {
      for (byte[] c : commands) {
        if (!committedEverywhere(BlockHash.sha256(c))) {
          submitToSome(c, 1);
        }
      }
      resubmitLoop();
    });
  }

  private void submitToSome(byte[] command, int copies) {
    List<Integer> live = honestIndices().stream().filter(world::isUp).toList();
    for (int k = 0; k < copies && !live.isEmpty(); k++) {
      replicas.get(live.get(rnd.nextInt(live.size()))).submit(command);
    }
  }

  private void record(int node, CommittedBlock b) {
    long expected = lastHeight.getOrDefault(node, 0L) + 1;
    if (b.height() != expected) {
      violations.add("node " + node + " delivered height " + b.height() + " after " + (expected - 1));
    }
    lastHeight.put(node, b.height());
    BlockHash prior = agreed.putIfAbsent(b.height(), b.hash());
    if (prior != null && !prior.equals(b.hash())) {
      violations.add("agreement: node " + node + " committed " + b.hash() + " at height " + b.height() + " but another committed " + prior);
    }
    Set<BlockHash> mine = committedCommands.computeIfAbsent(node, k -> new HashSet<>());
    for (byte[] c : b.commands()) {
      BlockHash h = BlockHash.sha256(c);
      if (!mine.add(h)) {
        violations.add("exactly-once: node " + node + " committed a command twice, at height " + b.height());
      }
      // A Byzantine leader may legitimately get its own made-up commands ("byz-…") certified.
      if (!commandHashes.contains(h) && !new String(c, java.nio.charset.StandardCharsets.UTF_8).startsWith("byz-")) {
        violations.add("validity: node " + node + " committed a command nobody submitted, at height " + b.height());
      }
    }
  }

  private List<Integer> honestIndices() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!byzantine.containsKey(i)) {
        out.add(i);
      }
    }
    return out;
  }

  private List<Integer> checkedNodes() {
    List<Integer> out = new ArrayList<>(honestIndices());
    if (learnerIndex >= 0) {
      out.add(learnerIndex);
    }
    return out;
  }

  private boolean committedEverywhere(BlockHash command) {
    for (int i : checkedNodes()) {
      Set<BlockHash> mine = committedCommands.get(i);
      if (mine == null || !mine.contains(command)) {
        return false;
      }
    }
    return true;
  }

  private boolean allCommitted() {
    for (int i : checkedNodes()) {
      Set<BlockHash> mine = committedCommands.get(i);
      if (mine == null || !mine.containsAll(commandHashes)) {
        return false;
      }
    }
    return true;
  }

  String progress() {
    StringBuilder sb = new StringBuilder("progress:");
    for (int i : checkedNodes()) {
      Set<BlockHash> mine = committedCommands.getOrDefault(i, Set.of());
      sb.append(' ').append(i).append('=').append(mine.size()).append('/').append(commandHashes.size())
          .append("@h").append(lastHeight.getOrDefault(i, 0L));
      Replica r = replicas.get(i);
      if (r != null) {
        sb.append("(v").append(r.currentView()).append(world.isUp(i) ? "" : ",down").append(')');
      }
    }
    return sb.append(" signatureChecks=").append(verifier.realChecks).toString();
  }
}
