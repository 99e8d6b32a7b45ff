package io.keyquorum.node;

import io.keyquorum.consensus.ReplicaNetwork;
import io.keyquorum.rpc.peer.PeerFetchHandler;
import io.keyquorum.rpc.peer.PeerLinkClient;
import io.keyquorum.rpc.peer.PeerMessageHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus {@link ReplicaNetwork} over rpc {@link PeerLinkClient} (mutual TLS), plus the inbound
 * handlers to register on this node's PeerLink server.
 *
 * <p>Who sent a message is never read from its bytes: the PeerLink server names the sender by its
 * certificate, and this class maps that node id to its replica index. Consensus messages from a
 * node that is not a replica are dropped (and counted). Catch-up ({@code SyncRequest}) rides
 * PeerLink Fetch, so a learner without a listening port can follow the chain; the answer is
 * trusted only as far as its certificates prove (the consensus layer verifies every QC). Command
 * submissions ({@link PeerFrames#SUBMIT}) are accepted from any certified node: commands are signed
 * registry commands, so relaying them needs no trust.
 */
public final class PeerLinkTransport implements ReplicaNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinkTransport.class);
  /** Consensus message type of a SyncRequest (docs/CONSENSUS.md, "Messages"). */
  static final int SYNC_REQUEST = 4;

  /** Where inbound consensus messages go: a replica's or a learner's onMessage. */
  @FunctionalInterface
  public interface Inbound {
    void onMessage(int fromIndex, byte[] message);
  }

  private final List<String> members;
  private final int self;
  private final PeerLinkClient client;
  private final Duration fetchTimeout;
  private final Map<Integer, CompletableFuture<byte[]>> answers = new ConcurrentHashMap<>();
  private final AtomicInteger nextAnswerSlot = new AtomicInteger();
  private final AtomicLong droppedFromNonMembers = new AtomicLong();
  private volatile Inbound inbound = (from, m) -> { };
  private volatile Consumer<byte[]> submissions = c -> { };

  /**
   * @param members replica node ids, by replica index
   * @param self this node's index, or -1 for a learner
   * @param client links to every member (other than this node)
   */
  public PeerLinkTransport(List<String> members, int self, PeerLinkClient client, Duration fetchTimeout) {
    this.members = List.copyOf(members);
    if (self < -1 || self >= members.size()) {
      throw new IllegalArgumentException("self must be a member index or -1, got " + self);
    }
    this.self = self;
    this.client = Objects.requireNonNull(client, "client");
    this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
  }

  /** Sets where inbound consensus messages and fetch answers go. */
  public void bind(Inbound inbound) {
    this.inbound = Objects.requireNonNull(inbound, "inbound");
  }

  /** Sets where relayed command submissions go (a replica's submit). */
  public void onSubmission(Consumer<byte[]> submissions) {
    this.submissions = Objects.requireNonNull(submissions, "submissions");
  }

  public int indexOf(String nodeId) {
    return members.indexOf(nodeId);
  }

  public long droppedFromNonMembers() {
    return droppedFromNonMembers.get();
  }

  @Override
  public void send(int to, byte[] message) {
    if (to >= members.size()) {
      // An answer to a fetch this node is serving (see fetchHandler): hand it to the waiting call.
      CompletableFuture<byte[]> waiting = answers.remove(to);
      if (waiting != null) {
        waiting.complete(message);
      }
      return;
    }
    if (to < 0 || to == self) {
      return;
    }
    String peer = members.get(to);
    if (message.length > 0 && (message[0] & 0xff) == SYNC_REQUEST) {
      client.fetch(peer, PeerFrames.consensus(message), fetchTimeout).whenComplete((answer, error) -> {
        if (error != null) {
          LOG.debug("catch-up fetch from {} failed: {}", peer, error.getMessage());
        } else if (answer.length > 0) {
          inbound.onMessage(to, answer);
        }
      });
      return;
    }
    client.send(peer, PeerFrames.consensus(message));
  }

  @Override
  public void broadcast(byte[] message) {
    byte[] frame = PeerFrames.consensus(message);
    for (int i = 0; i < members.size(); i++) {
      if (i != self) {
        client.send(members.get(i), frame);
      }
    }
  }

  /** Relays a command to replica {@code to}'s command pool (best effort). */
  public void relay(int to, byte[] command) {
    client.send(members.get(to), PeerFrames.submit(command));
  }

  /** Inbound pushes: consensus messages from members, submissions from any certified node. */
  public PeerMessageHandler messageHandler() {
    return (fromNodeId, payload) -> {
      PeerFrames.Frame frame = PeerFrames.decode(payload);
      if (frame.kind() == PeerFrames.SUBMIT) {
        submissions.accept(frame.body());
        return;
      }
      int from = members.indexOf(fromNodeId);
      if (from < 0 || from == self) {
        droppedFromNonMembers.incrementAndGet();
        LOG.debug("dropped a consensus message from non-member {}", fromNodeId);
        return;
      }
      inbound.onMessage(from, frame.body());
    };
  }

  /**
   * Inbound fetches: a catch-up request from any certified node (replica or learner). The request
   * is handed to the replica under a fresh index above the members', and the replica's answer to
   * that index becomes the response; no answer within the fetch timeout gives an empty response.
   */
  public PeerFetchHandler fetchHandler() {
    return (fromNodeId, request) -> {
      PeerFrames.Frame frame = PeerFrames.decode(request);
      if (frame.kind() != PeerFrames.CONSENSUS || frame.body().length == 0
          || (frame.body()[0] & 0xff) != SYNC_REQUEST) {
        throw new IllegalArgumentException("only catch-up requests may be fetched");
      }
      int slot = members.size() + Math.floorMod(nextAnswerSlot.getAndIncrement(), 1 << 20);
      CompletableFuture<byte[]> answer = new CompletableFuture<>();
      answers.put(slot, answer);
      try {
        inbound.onMessage(slot, frame.body());
        return answer.get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return new byte[0];
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new byte[0];
      } catch (ExecutionException e) {
        throw new IllegalStateException("catch-up answer failed", e);
      } finally {
        answers.remove(slot);
      }
    };
  }
}
