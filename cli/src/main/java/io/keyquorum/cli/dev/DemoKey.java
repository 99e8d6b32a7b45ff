package io.keyquorum.cli.dev;

import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.client.KeyResult;
import io.keyquorum.protocol.DeliveryMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates the dev network's key {@code demo} once, under a policy that allows every request. */
final class DemoKey {
  static final String ALIAS = "demo";
  /** Permissive on purpose: the dev network is for trying the API, not for guarding data. */
  static final String POLICY = "policy: demo-allow-all\nrules:\n  - effect: allow\n";

  private DemoKey() {}

  /**
   * Waits until the orchestrator serves and has followed the log up to the admin client, creates
   * the key unless {@code DIR/demo-key} records it was created already, then waits until a data
   * key request on it succeeds, so {@code ready} means a request goes end to end.
   */
  static void ensure(Path dir, List<String> attestors, int threshold, Duration timeout, PrintWriter progress)
      throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    ClientProfile profile = ClientProfile.load(dir.resolve("client.json"));
    KeyQuorumException last = null;
    boolean exists = Files.exists(dir.resolve(DevCommand.DEMO_MARKER));
    while (Instant.now().isBefore(deadline)) {
      try (KeyQuorumClient client = KeyQuorumClient.connect(profile)) {
        if (!exists) {
          KeyInfo key = client.createKey(ALIAS, attestors, threshold, POLICY, Optional.empty());
          Files.writeString(dir.resolve(DevCommand.DEMO_MARKER), key.keyId() + "\n");
          exists = true;
          progress.println("kq dev: created key " + ALIAS + " (" + key.keyId() + "), t=" + threshold);
        }
        try (KeyResult probe = client.generateDataKey(ALIAS, Map.of(), DeliveryMode.ORCHESTRATOR)) {
          progress.println("kq dev: key " + ALIAS + " serves requests (version " + probe.keyVersion() + ")");
        }
        return;
      } catch (KeyQuorumException e) {
        // The orchestrator may still be starting or catching up with the log; retry until the deadline.
        last = e;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the orchestrator", e);
      }
    }
    throw new IOException("orchestrator not serving the demo key within " + timeout
        + (last == null ? "" : ": " + last.getMessage()));
  }
}
