package io.keyquorum.cli.session;

import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.client.KeyQuorumException;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import io.keyquorum.protocol.delivery.ErrorKind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the network: loads the profile, connects, runs, and maps the outcome to
 * an exit code: 0 success; 1 the service refused or could not serve the request (denied,
 * insufficient attestations, not found, disabled, unavailable...), with every attestor's reason;
 * 2 a usage or configuration error found before anything was sent.
 */
public abstract class ServiceCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @Mixin protected ProfileOption profileOption;

  @Option(names = "--json", description = "Print the result (or error) as JSON.")
  protected boolean json;

  protected ClientProfile profile;

  /** Runs the command against a connected client; returns the exit code. */
  protected abstract int run(KeyQuorumClient client, Output output) throws IOException;

  /** Checks the command's local inputs before connecting; throws {@link UsageException}. */
  protected void validate() throws IOException {}

  @Override
  public final Integer call() {
    Output output = new Output(json, spec.commandLine().getOut(), spec.commandLine().getErr());
    try {
      profile = profileOption.load();
      validate();
      try (KeyQuorumClient client = connect(profile)) {
        return run(client, output);
      }
    } catch (UsageException e) {
      return output.usage(e.getMessage());
    } catch (KeyQuorumException e) {
      return output.failure(e);
    } catch (InvalidCiphertextException e) {
      // A tampered, truncated or foreign encrypted file: refused like a blob under the wrong context.
      return output.failure(new KeyQuorumException(ErrorKind.INVALID_CIPHERTEXT, e.getMessage(), List.of(), e));
    } catch (IOException e) {
      return output.usage(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static KeyQuorumClient connect(ClientProfile profile) {
    try {
      return KeyQuorumClient.connect(profile);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("cannot use client profile: " + e.getMessage(), e);
    }
  }
}
