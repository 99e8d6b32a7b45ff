package io.keyquorum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyquorum.rpc.peer.PeerAddress;
import io.keyquorum.rpc.peer.PeerLinkClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four {@link RegistryNode}s inside this JVM, on real loopback sockets with mutual TLS. */
class RegistryNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void fourNodes_agreeOnTheRegistry_andIgnoreConsensusMessagesFromANonMember() throws Exception {
    TestRegistry reg = new TestRegistry();
    try (ProcessCluster keys = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), 500)) {
      List<RegistryNode> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          nodes.add(new RegistryNode(keys.config(i)).start());
        }
        assertThat(nodes.get(0).registry().submit(reg.genesis()).get(60, TimeUnit.SECONDS).accepted()).isTrue();
        assertThat(nodes.get(2).registry().submit(reg.registerClient(reg.founder(), "app", List.of("reader")))
            .get(60, TimeUnit.SECONDS).accepted()).isTrue();

        // A node with a valid certificate from the same CA, but not a replica, pushes consensus frames.
        RegistryNode target = nodes.get(1);
        try (PeerLinkClient intruder = new PeerLinkClient(keys.issue("intruder"), keys.caCertificate(),
            List.of(new PeerAddress("replica-2", "127.0.0.1", target.port())), RegistryNode.linkOptions())) {
          // Links are best effort (a frame may be lost while a stream reconnects): keep pushing.
          await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            intruder.send("replica-2", PeerFrames.consensus(new byte[] {2, 0, 0, 0}));
            return target.transport().droppedFromNonMembers() >= 5;
          });
        }

        long height = nodes.get(0).registry().state().height();
        await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.registry().state().height() == height));
        for (RegistryNode n : nodes) {
          assertThat(n.registry().state().digest()).isEqualTo(nodes.get(0).registry().state().digest());
          assertThat(n.registry().state().clients()).containsKey("app");
        }
      } finally {
        nodes.forEach(RegistryNode::close);
      }
    }
  }

  @Test
  void configWithAWrongIdentitySeed_isRefusedAtStart() throws Exception {
    TestRegistry reg = new TestRegistry();
    try (ProcessCluster keys = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), 500)) {
      NodeConfig mine = keys.config(0);
      NodeConfig stolenSeed = new NodeConfig(mine.nodeId(), mine.dataDir(), mine.listenHost(), mine.listenPort(),
          mine.tlsDir(), keys.config(1).identitySeedFile(), mine.genesisAuthority(), mine.replicas(),
          mine.viewTimeoutMillis(), mine.submitTimeout());
      assertThatThrownBy(() -> new RegistryNode(stolenSeed).start())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consensus key does not match");
    }
  }

  @Test
  void config_roundTripsThroughItsFile_andNamesAMissingField() throws Exception {
    TestRegistry reg = new TestRegistry();
    try (ProcessCluster keys = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), 750)) {
      NodeConfig config = keys.config(2);
      Path file = dir.resolve("copy.properties");
      config.write(file);
      assertThat(NodeConfig.read(file)).isEqualTo(config);
      assertThat(config.index()).isEqualTo(2);

      Path broken = dir.resolve("broken.properties");
      Files.writeString(broken, Files.readString(file).replaceAll("(?m)^genesis\\.authority=.*$", ""));
      assertThatThrownBy(() -> NodeConfig.read(broken)).hasMessageContaining("genesis.authority");
    }
  }
}
