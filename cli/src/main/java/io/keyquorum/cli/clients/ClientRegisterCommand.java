package io.keyquorum.cli.clients;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.AdminOption;
import io.keyquorum.cli.session.Output;
import io.keyquorum.cli.session.ServiceCommand;
import io.keyquorum.cli.session.UsageException;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.registry.command.ClientRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kq client register}: registers a client's Ed25519 key, roles and attributes (admin-signed). */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "Register a client: its Ed25519 public key, roles and attributes (admin).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:registered", "1:refused (not an admin, id taken...) or unavailable", "2:usage or profile error"})
public final class ClientRegisterCommand extends ServiceCommand {
  @Option(names = "--id", required = true, paramLabel = "ID", description = "The new client's id.")
  String id;

  @Option(names = "--public-key", required = true, paramLabel = "FILE",
      description = "The client's Ed25519 public key: 64 hex digits or base64 of the raw 32 bytes.")
  Path publicKey;

  @Option(names = "--role", paramLabel = "ROLE", description = "A role (e.g. key-creator, admin); repeat for more.")
  List<String> roles = new ArrayList<>();

  @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "An attribute policies can read; repeat for more.")
  List<String> attributes = new ArrayList<>();

  @Mixin AdminOption admin;

  private ClientRecord record;

  @Override
  protected void validate() {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String a : attributes) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--attr " + a + ": expected KEY=VALUE with a non-empty key");
      }
      if (attrs.putIfAbsent(a.substring(0, eq), a.substring(eq + 1)) != null) {
        throw new UsageException("--attr: key \"" + a.substring(0, eq) + "\" given more than once");
      }
    }
    try {
      record = new ClientRecord(id, PublicKeyFile.read(publicKey), List.copyOf(roles), new TreeMap<>(attrs), true);
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid client: " + e.getMessage(), e);
    }
  }

  @Override
  protected int run(KeyQuorumClient client, Output output) {
    long height = admin.signAs(client, profile, commands -> commands.registerClient(record));
    ObjectNode root = Output.object();
    root.put("clientId", record.id());
    root.put("publicKey", Output.base64(record.signingKey().raw()));
    ArrayNode roleArray = root.putArray("roles");
    record.roles().forEach(roleArray::add);
    ObjectNode attrs = root.putObject("attributes");
    record.attributes().forEach(attrs::put);
    root.put("registryHeight", height);
    output.result(root, "registered client " + record.id() + " (roles: "
        + (record.roles().isEmpty() ? "none" : String.join(", ", record.roles())) + ") at registry height " + height + "\n");
    return ExitCodes.OK;
  }
}
