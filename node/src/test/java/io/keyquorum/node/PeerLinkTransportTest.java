package io.keyquorum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.rpc.peer.PeerLinkClient;
import io.keyquorum.rpc.pki.NetworkCa;
import io.keyquorum.rpc.pki.NodeCertificateSpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound routing of {@link PeerLinkTransport}: who may send what, and fetch answers. */
class PeerLinkTransportTest {
  private static final List<String> MEMBERS = List.of("replica-1", "replica-2", "replica-3", "replica-4");
  private static final byte[] SYNC_REQUEST = {4, 0, 0, 0, 0, 0, 0, 0, 1, 0};

  record Inbound(int from, byte[] message) {}

  private PeerLinkClient client;
  private PeerLinkTransport transport;
  private final List<Inbound> inbound = new CopyOnWriteArrayList<>();
  private final List<byte[]> submitted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    NetworkCa ca = NetworkCa.generate("transport-test", Instant.now(), new SecureRandom());
    client = new PeerLinkClient(ca.issue(NodeCertificateSpec.forNode("replica-2"), Instant.now()), ca.certificate(),
        List.of(), RegistryNode.linkOptions());
    transport = new PeerLinkTransport(MEMBERS, 1, client, Duration.ofMillis(300));
    transport.bind((from, m) -> inbound.add(new Inbound(from, m)));
    transport.onSubmission(submitted::add);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void consensusMessageFromAMember_arrivesWithTheMembersIndex() {
    transport.messageHandler().onMessage("replica-4", PeerFrames.consensus(new byte[] {2, 9}));
    assertThat(inbound).singleElement().satisfies(m -> {
      assertThat(m.from()).isEqualTo(3);
      assertThat(m.message()).containsExactly(2, 9);
    });
  }

  @Test
  void consensusMessageFromANonMemberOrFromItself_isDroppedAndCounted() {
    transport.messageHandler().onMessage("orchestrator-1", PeerFrames.consensus(new byte[] {2, 9}));
    transport.messageHandler().onMessage("replica-2", PeerFrames.consensus(new byte[] {2, 9}));
    assertThat(inbound).isEmpty();
    assertThat(transport.droppedFromNonMembers()).isEqualTo(2);
  }

  @Test
  void submissionFromAnyCertifiedNode_reachesTheCommandPool() {
    transport.messageHandler().onMessage("orchestrator-1", PeerFrames.submit(new byte[] {7, 7, 7}));
    assertThat(submitted).singleElement().satisfies(c -> assertThat(c).containsExactly(7, 7, 7));
    assertThat(inbound).isEmpty();
  }

  @Test
  void fetchOfACatchUpRequest_returnsWhatTheReplicaSendsBackToTheRequestsIndex() {
    transport.bind((from, m) -> {
      assertThat(from).as("a fresh index above the members'").isGreaterThanOrEqualTo(MEMBERS.size());
      transport.send(from, new byte[] {5, 1, 2, 3});
    });
    byte[] answer = transport.fetchHandler().fetch("orchestrator-1", PeerFrames.consensus(SYNC_REQUEST));
    assertThat(answer).containsExactly(5, 1, 2, 3);
  }

  @Test
  void fetchWithoutAnAnswer_returnsEmptyAfterTheTimeout() {
    transport.bind((from, m) -> { });
    assertThat(transport.fetchHandler().fetch("orchestrator-1", PeerFrames.consensus(SYNC_REQUEST))).isEmpty();
  }

  @Test
  void fetchOfAnythingButACatchUpRequest_isRefused() {
    assertThatThrownBy(() -> transport.fetchHandler().fetch("replica-1", PeerFrames.consensus(new byte[] {1, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("catch-up");
    assertThatThrownBy(() -> transport.fetchHandler().fetch("replica-1", PeerFrames.submit(SYNC_REQUEST)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(inbound).isEmpty();
  }

  @Test
  void malformedFrames_areRefusedWithTheirCause() {
    assertThatThrownBy(() -> PeerFrames.decode(new byte[] {1})).hasMessageContaining("too short");
    assertThatThrownBy(() -> PeerFrames.decode(new byte[] {9, 1})).hasMessageContaining("unknown peer frame kind 9");
  }
}
