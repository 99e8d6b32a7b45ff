package io.keyquorum.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.registry.log.CommittedBlock;
import io.keyquorum.rpc.peer.PeerAddress;
import io.keyquorum.rpc.peer.PeerLinkClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PeerLink SUBMIT is accepted from any certified node, so what it carries gets the same
 * validation as any command: an unauthorised one is never ordered (issue 13, items 4 and 9).
 */
class PeerLinkSubmitValidationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void unauthorisedCommandSubmittedOverAPeerLink_neverReachesTheLog() throws Exception {
    TestRegistry reg = new TestRegistry();
    try (ProcessCluster keys = new ProcessCluster(dir, 4, reg.key(reg.founder()).publicKey(), 500)) {
      List<RegistryNode> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          nodes.add(new RegistryNode(keys.config(i)).start());
        }
        assertThat(nodes.get(0).registry().submit(reg.genesis()).get(60, TimeUnit.SECONDS).accepted()).isTrue();
        byte[] byStranger = reg.registerClient("mallory", "mallory-client", List.of("admin")).encode();
        byte[] junk = {7, 7, 7};
        RegistryNode target = nodes.get(1);
        try (PeerLinkClient node = new PeerLinkClient(keys.issue("some-node"), keys.caCertificate(),
            List.of(new PeerAddress("replica-2", "127.0.0.1", target.port())), RegistryNode.linkOptions())) {
          for (int i = 0; i < 5; i++) {
            node.send("replica-2", PeerFrames.submit(byStranger));
            node.send("replica-2", PeerFrames.submit(junk));
            Thread.sleep(100);
          }
        }
        SignedCommand fine = reg.registerClient(reg.founder(), "app", List.of("reader"));
        long height = nodes.get(2).registry().submit(fine).get(60, TimeUnit.SECONDS).receipt().height();
        for (RegistryNode n : nodes) {
          List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
          n.log().subscribe(1, seen::add);
          await().atMost(WAIT).until(() -> seen.size() >= height);
          assertThat(seen.stream().flatMap(b -> b.commands().stream()))
              .noneMatch(c -> Arrays.equals(c, byStranger) || Arrays.equals(c, junk));
          assertThat(n.registry().state().clients()).doesNotContainKey("mallory-client");
        }
      } finally {
        nodes.forEach(RegistryNode::close);
      }
    }
  }
}
