package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.VersionStatus;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four real attestors, each voting in its own HotStuff registry replica over loopback mutual TLS
 * (the {@code registry:} config section), with separate data dirs: commands submitted to one node
 * commit on all, every attestor acknowledges its dealt share through the BFT log, and a quorum of
 * three releases shares that rebuild the dealt key.
 */
class BftRegistryTest {
  private static final List<String> IDS = List.of("attestor-1", "attestor-2", "attestor-3", "attestor-4");

  @TempDir Path root;
  private final MutableClock clock = new MutableClock();
  private final Map<String, AttestorNode> nodes = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel c : channels.values()) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    nodes.values().forEach(AttestorNode::close);
  }

  @Test
  void fourAttestorsOnTheBftLog_agree_ackTheirShares_andAQuorumOfThreeReleasesTheKey() throws Exception {
    TestNet net = new TestNet(root, IDS);
    appendRegistrySections(net);
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String id : IDS) {
      AttestorNode node = net.start(id, clock, Optional.empty());
      nodes.put(id, node);
      ports.put(id, node.port());
      assertThat(node.registryPort()).as("%s runs a BFT replica", id).isPresent();
      channels.put(id, net.channel(net.orchestratorTls, id, node.port()));
    }

    // Genesis once, by the genesis admin, to one node; everything else to other nodes.
    assertThat(submit(nodes.get("attestor-1"), net.genesis(ports)).accepted()).isTrue();
    assertThat(submit(nodes.get("attestor-2"), net.registerClient(true)).accepted()).isTrue();
    TestNet.Deal k1 = net.createKey("k1", "payments", IDS, 3, TestNet.ALLOW_ALL);
    assertThat(submit(nodes.get("attestor-3"), k1.command()).accepted()).isTrue();

    // Each attestor's ShareReceipt goes through its own replica; all four must commit everywhere.
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
      for (AttestorNode n : nodes.values()) {
        assertThat(n.registryState().key("k1")).as(n.nodeId()).hasValueSatisfying(k -> {
          assertThat(k.state()).isEqualTo(KeyState.ENABLED);
          KeyVersion v1 = k.versions().get(1L);
          assertThat(v1.acks()).containsExactlyInAnyOrderElementsOf(IDS);
          assertThat(v1.status()).isEqualTo(VersionStatus.ACTIVE);
        });
      }
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      RegistryState first = nodes.get("attestor-1").registryState();
      assertThat(first.key("k1").orElseThrow().versions().get(1L).acks()).hasSize(4);
      for (AttestorNode n : nodes.values()) {
        assertThat(n.registryState().height()).as(n.nodeId()).isEqualTo(first.height());
        assertThat(HexFormat.of().formatHex(n.registryState().digest())).as(n.nodeId())
            .isEqualTo(HexFormat.of().formatHex(first.digest()));
      }
    });

    TestNet.Req req = net.request("payments");
    List<String> quorum = List.of("attestor-1", "attestor-2", "attestor-4");
    List<SignedAttestation> attestations = new ArrayList<>();
    for (String id : quorum) {
      attestations.add(SignedAttestation.decode(net.stub(channels.get(id)).attest(AttestRequest.newBuilder()
          .setSignedRequest(ByteString.copyFrom(req.bytes())).build()).getSignedAttestation().toByteArray()));
    }
    QuorumCertificate qc = new QuorumCertificate(attestations);
    List<Share> shares = new ArrayList<>();
    for (String id : quorum) {
      ReleaseResponse r = net.stub(channels.get(id)).release(ReleaseRequest.newBuilder()
          .setSignedRequest(ByteString.copyFrom(req.bytes()))
          .setQuorumCertificate(ByteString.copyFrom(qc.encode())).build());
      ShareRelease release = ShareRelease.decode(SignedEnvelope.of(r.getReleasePayload().toByteArray(),
          r.getReleaseSignature().toByteArray()).open(ShareRelease.TAG, net.identities.get(id).signingKey().publicKey()));
      try (SecretBytes plain = Hpke.open(req.recipient(), release.sealedShare(), ShareSealing.INFO,
          ShareSealing.aad(req.signed().digest(), id, "k1", 1, release.shareIndex()))) {
        shares.add(Share.decode(plain));
      }
    }
    try (Reconstruction rebuilt = Shamir.combineVerified(shares, k1.commitments(), k1.threshold());
        SecretBytes material = KeyWrap.unwrap(rebuilt.secret(), "k1", 1, k1.wrapped())) {
      assertThat(rebuilt.badIndices()).isEmpty();
      assertThat(material.equalsConstantTime(SecretBytes.copyOf(k1.material()))).isTrue();
    }
  }

  private static io.keyquorum.registry.CommandOutcome submit(AttestorNode node, SignedCommand command)
      throws Exception {
    return node.registry().submit(command).get(30, TimeUnit.SECONDS);
  }

  /** Gives every attestor the same replica list (its identity key signs consensus) and a PeerLink port. */
  private static void appendRegistrySections(TestNet net) throws IOException {
    Map<String, Integer> peerPorts = new LinkedHashMap<>();
    for (String id : IDS) {
      peerPorts.put(id, freePort());
    }
    StringBuilder replicas = new StringBuilder("registry:\n  viewTimeoutMillis: 500\n  replicas:\n");
    for (String id : IDS) {
      replicas.append("    - {id: ").append(id).append(", endpoint: \"127.0.0.1:").append(peerPorts.get(id))
          .append("\", publicKey: ").append(HexFormat.of().formatHex(
              net.identities.get(id).signingKey().publicKey().raw())).append("}\n");
    }
    for (String id : IDS) {
      Files.writeString(net.configs.get(id), replicas + "  listen: \"127.0.0.1:" + peerPorts.get(id) + "\"\n",
          StandardOpenOption.APPEND);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
