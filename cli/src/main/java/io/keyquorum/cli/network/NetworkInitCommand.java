package io.keyquorum.cli.network;

import io.keyquorum.attestor.CustodyKey;
import io.keyquorum.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kq network init}: writes every node's files for a network of n ≥ 4 attestors. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Write CA, TLS dirs, sealed attestor identities, configs, signed genesis and client.json.")
public final class NetworkInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create.")
  Path out;

  @Option(names = "--attestors", required = true, paramLabel = "HOST:PORT,...",
      description = "Attestor gRPC endpoints; each one's consensus port is its port + 1000.")
  String attestors;

  @Option(names = "--orchestrator", defaultValue = "127.0.0.1:7400", paramLabel = "HOST:PORT",
      description = "Orchestrator client endpoint (default ${DEFAULT-VALUE}).")
  String orchestrator;

  @Option(names = "--network", defaultValue = "keyquorum", description = "Network name (default ${DEFAULT-VALUE}).")
  String network;

  @Override
  public Integer call() {
    List<HostPort> endpoints;
    try {
      endpoints = HostPort.parseList(attestors);
      if (endpoints.size() < 4) {
        // A production network must survive a faulty attestor: HotStuff needs n >= 3f+1 with f >= 1.
        // Smaller networks (f = 0) exist only as kq dev benchmark/dev topologies.
        throw new IllegalArgumentException("a network needs at least 4 attestors for the BFT registry"
            + " (n >= 3f+1, f >= 1), got " + endpoints.size());
      }
      new NetworkLayout(out, network, endpoints, HostPort.parse(orchestrator), CustodyKey.DEFAULT_N).write();
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("kq: network init failed: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    spec.commandLine().getOut().println("wrote a network of " + endpoints.size() + " attestors to " + out
        + "; copy each attestor-N/ and orchestrator/ (with ca/ca.pem) to its host, then run kq network genesis --dir "
        + out);
    return ExitCodes.OK;
  }
}
