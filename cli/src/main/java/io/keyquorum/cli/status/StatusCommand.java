package io.keyquorum.cli.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.rpc.v1.AttestorHealth;
import io.keyquorum.rpc.v1.NetworkStatus;
import picocli.CommandLine.Command;

/**
 * {@code kq status}: the orchestrator's registry height and, for each attestor, whether it answered
 * a health check over mutual TLS, how fast, its own committed registry height, and its signing key.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show registry height and every attestor's health, latency, height and public key.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the report was produced (even if attestors are down)", "1:the orchestrator is unavailable",
        "2:usage or profile error"})
public final class StatusCommand extends ServiceCommand {
  @Override
  protected int run(KeyQuorumClient client, Output output) {
    NetworkStatus status = client.status();
    ObjectNode root = Output.object();
    root.put("network", status.getNetworkId());
    root.put("orchestrator", status.getOrchestratorId());
    root.put("registryHeight", status.getRegistryHeight());
    ArrayNode attestors = root.putArray("attestors");
    StringBuilder text = new StringBuilder();
    text.append("network:         ").append(status.getNetworkId()).append('\n');
    text.append("orchestrator:    ").append(status.getOrchestratorId()).append('\n');
    text.append("registry height: ").append(status.getRegistryHeight()).append('\n');
    text.append(String.format("%-16s %-24s %-8s %8s %8s  %s%n", "ATTESTOR", "ENDPOINT", "HEALTH", "LATENCY", "HEIGHT",
        "PUBLIC KEY"));
    int healthy = 0;
    int withProblems = 0;
    for (AttestorHealth a : status.getAttestorsList()) {
      String key = Output.base64(a.getSigningKey().toByteArray());
      ObjectNode node = attestors.addObject();
      node.put("id", a.getAttestorId());
      node.put("endpoint", a.getEndpoint());
      node.put("healthy", a.getHealthy());
      if (a.getHealthy()) {
        healthy++;
        node.put("latencyMs", a.getLatencyMs());
        node.put("height", a.getRegistryHeight());
        // Problems its operator must fix though it answers, e.g. a local policy that stopped
        // compiling: such an attestor denies every request until it is fixed.
        ArrayNode problems = node.putArray("problems");
        a.getProblemsList().forEach(problems::add);
        withProblems += a.getProblemsCount() > 0 ? 1 : 0;
      } else {
        node.putNull("latencyMs");
        node.putNull("height");
        node.put("error", a.getError());
      }
      node.put("publicKey", key);
      text.append(String.format("%-16s %-24s %-8s %8s %8s  %s%n", a.getAttestorId(), a.getEndpoint(),
          !a.getHealthy() ? "DOWN" : a.getProblemsCount() > 0 ? "DEGRADED" : "ok",
          a.getHealthy() ? a.getLatencyMs() + "ms" : "-",
          a.getHealthy() ? String.valueOf(a.getRegistryHeight()) : "-", key));
      if (!a.getHealthy()) {
        text.append("  ").append(a.getAttestorId()).append(": ").append(a.getError()).append('\n');
      }
      for (String problem : a.getProblemsList()) {
        text.append("  ").append(a.getAttestorId()).append(": ").append(problem).append('\n');
      }
    }
    text.append(healthy).append(" of ").append(status.getAttestorsCount()).append(" attestors healthy");
    text.append(withProblems > 0 ? ", " + withProblems + " with problems (see above)\n" : "\n");
    output.result(root, text.toString());
    return ExitCodes.OK;
  }
}
