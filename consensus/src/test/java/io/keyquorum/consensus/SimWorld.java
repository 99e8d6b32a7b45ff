package io.keyquorum.consensus;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event world: simulated time, a priority queue of events, and a lossy
 * network (seeded delay, drop, duplication and therefore reordering, one partition that heals)
 * which becomes synchronous at GST. No threads, no sleeps: the same seed replays exactly.
 */
final class SimWorld {
  interface Node {
    void onMessage(int from, byte[] message);

    void onTick(long now);
  }

  private record Event(long time, long seq, Runnable action) {}

  /** Network behaviour before GST; after GST nothing is dropped and delay is at most {@code maxDelay}/4 + 1. */
  record Faults(double drop, double duplicate, long maxDelay, long gst, Set<Integer> partitionSide, long partitionStart,
      long partitionEnd) {}

  final Random rnd;
  final Faults faults;
  private final PriorityQueue<Event> queue = new PriorityQueue<>(
      (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final Node[] nodes;
  private final boolean[] up;
  private long now;
  private long seq;
  long delivered;

  SimWorld(int nodeCount, Random rnd, Faults faults) {
    this.rnd = rnd;
    this.faults = faults;
    this.nodes = new Node[nodeCount];
    this.up = new boolean[nodeCount];
  }

  long now() {
    return now;
  }

  int size() {
    return nodes.length;
  }

  void attach(int index, Node node) {
    nodes[index] = node;
    up[index] = true;
  }

  /** Crash: the node stops, and messages in flight to it are lost. */
  void crash(int index) {
    up[index] = false;
    nodes[index] = null;
  }

  boolean isUp(int index) {
    return up[index];
  }

  void at(long time, Runnable action) {
    queue.add(new Event(Math.max(time, now), seq++, action));
  }

  /** Ticks every live node every {@code period} ms for ever (the run loop stops the world). */
  void tickEvery(long period) {
    at(now + period, () -> {
      for (int i = 0; i < nodes.length; i++) {
        if (up[i]) {
          nodes[i].onTick(now);
        }
      }
      tickEvery(period);
    });
  }

  ReplicaNetwork networkFor(int from) {
    return new ReplicaNetwork() {
      @Override
      public void send(int to, byte[] message) {
        transmit(from, to, message);
      }

      @Override
      public void broadcast(byte[] message) {
        for (int to = 0; to < nodes.length; to++) {
          if (to != from) {
            transmit(from, to, message);
          }
        }
      }
    };
  }

  void transmit(int from, int to, byte[] message) {
    if (to < 0 || to >= nodes.length) {
      return;
    }
    boolean stable = now >= faults.gst();
    if (!stable) {
      boolean partitioned = now >= faults.partitionStart() && now < faults.partitionEnd()
          && faults.partitionSide().contains(from) != faults.partitionSide().contains(to);
      if (partitioned || rnd.nextDouble() < faults.drop()) {
        return;
      }
    }
    long maxDelay = stable ? faults.maxDelay() / 4 + 1 : faults.maxDelay();
    byte[] copy = message.clone();
    deliverLater(from, to, copy, 1 + (long) (rnd.nextDouble() * maxDelay));
    if (!stable && rnd.nextDouble() < faults.duplicate()) {
      deliverLater(from, to, copy, 1 + (long) (rnd.nextDouble() * maxDelay * 2));
    }
  }

  private void deliverLater(int from, int to, byte[] message, long delay) {
    at(now + delay, () -> {
      if (up[to]) {
        delivered++;
        nodes[to].onMessage(from, message);
      }
    });
  }

  /** Runs events in time order until {@code done} holds or simulated time passes {@code limit}. */
  void runUntil(long limit, BooleanSupplier done) {
    while (!queue.isEmpty() && !done.getAsBoolean()) {
      if (queue.peek().time > limit) {
        return; // left queued, so a later run continues where this one stopped
      }
      Event e = queue.poll();
      now = e.time;
      e.action.run();
    }
  }
}
