package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.keyquorum.attestor.audit.AuditVerifier;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.log.SingleReplicaLog;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.ReleaseRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real attestor JVM ({@link AttestorMain}), streams attests and releases at it from several
 * threads, kills it with SIGKILL mid-stream, restarts it, and checks that nothing it acknowledged
 * was lost: acknowledged nonces stay used, acknowledged releases stay released, every
 * acknowledged step is in the audit chain, and the chain verifies.
 */
class KillNineTest {
  @TempDir Path root;

  private record Acked(TestNet.Req req, QuorumCertificate qc) {}

  @Test
  void killMinusNineMidStream_losesNothingAcknowledged_andTheAuditChainVerifies() throws Exception {
    TestNet net = new TestNet(root, List.of("attestor-1"));
    Path data = net.dataDir("attestor-1");
    try (SingleReplicaLog log = SingleReplicaLog.open(data.resolve("registry.db"))) {
      log.submit(net.genesis(Map.of()).encode()).join();
      log.submit(net.registerClient(true).encode()).join();
      log.submit(net.createKey("k1", "payments", List.of("attestor-1"), 1, TestNet.ALLOW_ALL).command().encode()).join();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AttestorMain.class.getName(), net.configs.get("attestor-1").toString())
        .redirectError(root.resolve("child.err").toFile())
        .start();
    int port;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = out.readLine();
      assertThat(ready).as("child output (see child.err)").startsWith("READY attestor-1 port ");
      port = Integer.parseInt(ready.split(" ")[3]);
    }
    ManagedChannel channel = net.channel(net.orchestratorTls, "attestor-1", port);
    ConcurrentLinkedQueue<TestNet.Req> attested = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Acked> released = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger unexpected = new AtomicInteger();
    try {
      // Wait until the child has taken custody and acked its share, so the key is usable.
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
        attest(net, channel, net.request("payments"));
        return true;
      });
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread w = new Thread(() -> {
          while (!stop.get()) {
            TestNet.Req req = net.request("payments");
            try {
              SignedAttestation a = attest(net, channel, req);
              attested.add(req);
              QuorumCertificate qc = new QuorumCertificate(List.of(a));
              release(net, channel, req, qc);
              released.add(new Acked(req, qc));
            } catch (StatusRuntimeException e) {
              // Transport errors are expected once the node dies; a refusal by the node itself
              // (description "REASON: ...") never is, since every request here is valid and fresh.
              String d = e.getStatus().getDescription();
              if (d != null && d.matches("[A-Z_]+: .*")) {
                unexpected.incrementAndGet();
              }
            }
          }
        });
        workers.add(w);
        w.start();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> released.size() >= 30);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      for (Thread w : workers) {
        w.join(TimeUnit.SECONDS.toMillis(30));
      }
    } finally {
      child.destroyForcibly();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(unexpected).as("no refusal other than the kill").hasValue(0);

    try (AttestorNode node = AttestorNode.start(AttestorConfig.load(net.configs.get("attestor-1")))) {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          node.registryState().key("k1").map(k -> k.state() == KeyState.ENABLED).orElse(false));
      ManagedChannel again = net.channel(net.orchestratorTls, "attestor-1", node.port());
      try {
        for (TestNet.Req req : attested) {
          StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> attest(net, again, req));
          assertThat(e).as("acknowledged nonce must stay used").isNotNull();
          assertThat(e.getStatus().getDescription()).startsWith("REPLAY");
        }
        for (Acked a : released) {
          StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
              () -> release(net, again, a.req(), a.qc()));
          assertThat(e).as("acknowledged release must stay recorded").isNotNull();
          assertThat(e.getStatus().getDescription()).startsWith("ALREADY_RELEASED");
        }
        TestNet.Req fresh = net.request("payments");
        release(net, again, fresh, new QuorumCertificate(List.of(attest(net, again, fresh))));
      } finally {
        again.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    Set<String> attestRows = new HashSet<>();
    Set<String> releaseRows = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("attestor.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT kind, subject FROM audit")) {
      while (rs.next()) {
        (rs.getString(1).equals("attest") ? attestRows : rs.getString(1).equals("release") ? releaseRows : new HashSet<String>())
            .add(rs.getString(2));
      }
    }
    for (TestNet.Req req : attested) {
      assertThat(attestRows).contains(req.signed().digest().hex());
    }
    for (Acked a : released) {
      assertThat(releaseRows).contains(a.req().signed().digest().hex());
    }
    AuditVerifier.Result verified = AuditVerifier.verify(data.resolve("attestor.db"),
        Optional.of(net.identities.get("attestor-1").signingKey().publicKey()));
    assertThat(verified.ok()).as(verified.message()).isTrue();
  }

  private static SignedAttestation attest(TestNet net, ManagedChannel channel, TestNet.Req req) {
    return SignedAttestation.decode(net.stub(channel).attest(AttestRequest.newBuilder()
        .setSignedRequest(ByteString.copyFrom(req.bytes())).build()).getSignedAttestation().toByteArray());
  }

  private static void release(TestNet net, ManagedChannel channel, TestNet.Req req, QuorumCertificate qc) {
    net.stub(channel).release(ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes()))
        .setQuorumCertificate(ByteString.copyFrom(qc.encode())).build());
  }
}
