package io.keyquorum.cli.network;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.node.RegistryLearner;
import io.keyquorum.orchestrator.node.OrchestratorConfig;
import io.keyquorum.registry.CommandOutcome;
import io.keyquorum.registry.Registry;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.pki.NodeTlsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submits the genesis and admin-client commands that {@link NetworkLayout} signed, once, to the
 * running attestors. It follows the BFT log as a learner with the orchestrator's TLS identity
 * (any network-CA certificate may fetch and relay; the commands carry the admin's signature), and
 * records {@code genesis/submitted} so a rerun does not submit again.
 */
public final class GenesisSubmission {
  public static final String MARKER = "genesis/submitted";

  private GenesisSubmission() {}

  public static boolean submitted(Path dir) {
    return Files.exists(dir.resolve(MARKER));
  }

  /** Submits both commands and waits until each has committed; throws naming a rejection. */
  public static void submit(Path dir, Duration timeout) throws IOException {
    OrchestratorConfig config = OrchestratorConfig.load(dir.resolve(NetworkLayout.ORCHESTRATOR_ID + "/orchestrator.yaml"));
    OrchestratorConfig.RegistryReplicas replicas = config.registry()
        .orElseThrow(() -> new IllegalArgumentException("orchestrator config has no registry section"));
    NodeTlsDirectory tls = new NodeTlsDirectory(config.tlsDirectory());
    RegistryLearner learner = new RegistryLearner(tls.readCredentials(), tls.readNetworkCa(), replicas.replicas(),
        Duration.ofMillis(100), Duration.ofMillis(500), timeout);
    try {
      Registry registry = new Registry(learner.log(), RegistryState.empty(Ed25519PublicKey.of(config.genesisAuthority())));
      for (String file : new String[] {NetworkLayout.GENESIS_FILE, NetworkLayout.REGISTER_ADMIN_FILE}) {
        SignedCommand command = SignedCommand.decode(Files.readAllBytes(dir.resolve(file)));
        CommandOutcome outcome;
        try {
          outcome = registry.submit(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IOException("registry did not commit " + file + " within " + timeout + ": " + e, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while submitting " + file, e);
        }
        if (!outcome.accepted()) {
          throw new IllegalStateException("registry rejected " + file + ": " + outcome.rejection().orElseThrow());
        }
      }
      Files.writeString(dir.resolve(MARKER), "committed\n");
    } finally {
      learner.close();
    }
  }
}
