package io.keyquorum.cli.key;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.AdminOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyQuorumClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The admin-signed key state changes: enable, disable, schedule-deletion, cancel-deletion. Each
 * resolves the key, has the admin sign the registry command, and prints the key as committed.
 */
public final class KeyStateCommands {
  private KeyStateCommands() {}

  abstract static class StateChange extends ServiceCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "Key id or alias.")
    String key;

    @Mixin AdminOption admin;

    abstract long change(AdminCommands admin, String keyId);

    abstract String verb();

    @Override
    protected int run(KeyQuorumClient client, Output output) {
      String keyId = client.describeKey(key).keyId();
      long height = admin.signAs(client, profile, commands -> change(commands, keyId));
      KeyInfo after = client.describeKey(keyId);
      ObjectNode root = KeyText.json(after);
      root.put("registryHeight", height);
      output.result(root, verb() + " at registry height " + height + "\n" + KeyText.text(after));
      return ExitCodes.OK;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled key (admin).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:success", "1:refused (not an admin, illegal transition...) or unavailable",
          "2:usage or profile error"})
  public static final class Enable extends StateChange {
    @Override
    long change(AdminCommands admin, String keyId) {
      return admin.enableKey(keyId);
    }

    @Override
    String verb() {
      return "enabled";
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Disable a key: attestors refuse every request for it until enabled (admin).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:success", "1:refused or unavailable", "2:usage or profile error"})
  public static final class Disable extends StateChange {
    @Override
    long change(AdminCommands admin, String keyId) {
      return admin.disableKey(keyId);
    }

    @Override
    String verb() {
      return "disabled";
    }
  }

  @Command(name = "schedule-deletion", mixinStandardHelpOptions = true,
      description = "Schedule a key's destruction 7 to 30 days from now (admin).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:success", "1:refused or unavailable", "2:usage or profile error"})
  public static final class ScheduleDeletion extends StateChange {
    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
        description = "Days until destruction, 7 to 30 (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    protected void validate() {
      if (days < 7 || days > 30) {
        throw new UsageException("--days must be 7 to 30, got " + days);
      }
    }

    @Override
    long change(AdminCommands admin, String keyId) {
      return admin.scheduleKeyDeletion(keyId, Duration.ofDays(days));
    }

    @Override
    String verb() {
      return "deletion scheduled";
    }
  }

  @Command(name = "cancel-deletion", mixinStandardHelpOptions = true,
      description = "Cancel a scheduled deletion; the key returns to its previous state (admin).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:success", "1:refused (not pending deletion...) or unavailable", "2:usage or profile error"})
  public static final class CancelDeletion extends StateChange {
    @Override
    long change(AdminCommands admin, String keyId) {
      return admin.cancelKeyDeletion(keyId);
    }

    @Override
    String verb() {
      return "deletion cancelled";
    }
  }
}
