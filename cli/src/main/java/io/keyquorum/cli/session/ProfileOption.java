package io.keyquorum.cli.session;

import io.keyquorum.client.ClientProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --profile FILE}, else the {@code KEYQUORUM_PROFILE} environment variable: where and as
 * whom to connect (client module's profile JSON). Neither set, or a bad file, is a usage error.
 */
public final class ProfileOption {
  public static final String ENVIRONMENT = "KEYQUORUM_PROFILE";

  @Option(names = "--profile", paramLabel = "FILE", defaultValue = "${env:" + ENVIRONMENT + "}",
      description = "Client profile JSON (default: $" + ENVIRONMENT + ").")
  Path profile;

  /** Loads the profile, or throws a {@link UsageException} naming what is wrong. */
  public ClientProfile load() {
    if (profile == null || profile.toString().isBlank()) {
      throw new UsageException("no client profile: pass --profile FILE or set " + ENVIRONMENT);
    }
    if (!Files.isRegularFile(profile)) {
      throw new UsageException("client profile " + profile + " does not exist or is not a file");
    }
    ClientProfile loaded;
    try {
      loaded = ClientProfile.load(profile);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UsageException("cannot read client profile " + profile + ": " + e.getMessage(), e);
    }
    for (Path file : new Path[] {loaded.caCert(), loaded.identityKey()}) {
      if (!Files.isReadable(file)) {
        throw new UsageException("client profile " + profile + " names " + file + ", which cannot be read");
      }
    }
    return loaded;
  }
}
