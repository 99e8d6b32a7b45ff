package io.keyquorum.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoint's configuration (JSON, paths relative to the file):
 * <pre>{"listen": "127.0.0.1:4599", "regions": ["us-east-1"], "account": "000000000000",
 *  "credentials": "credentials.json",
 *  "tls": {"certificate": "cert.pem", "privateKey": "key.pem"},
 *  "createKey": {"attestors": ["attestor-1", ...], "threshold": 3, "defaultPolicyFile": "policy.yaml"}}</pre>
 * Without {@code tls} it is an agent and must listen on loopback: a data key crosses this socket in
 * the clear. With {@code tls} it is a shared gateway.
 */
public record EndpointConfig(InetSocketAddress listen, Set<String> regions, String account, Path credentials,
    Optional<Tls> tls, CreateKeyDefaults createKey) {
  public record Tls(Path certificate, Path privateKey) {}

  /** What CreateKey uses, since AWS's CreateKey names no attestors or threshold. */
  public record CreateKeyDefaults(List<String> attestors, int threshold, Optional<String> defaultPolicy) {
    public CreateKeyDefaults {
      attestors = List.copyOf(attestors);
    }
  }

  public EndpointConfig {
    regions = Set.copyOf(regions);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("regions must name at least one region");
    }
    if (!account.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("account must be 12 digits, got " + account);
    }
    if (tls.isEmpty() && !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("without tls the endpoint is an agent and must listen on loopback (data keys"
          + " would cross the network in the clear); configure tls for a shared gateway");
    }
  }

  public String defaultRegion() {
    return new TreeSet<>(regions).first();
  }

  public static EndpointConfig load(Path file) throws IOException {
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    Path base = file.toAbsolutePath().getParent();
    String listen = n.path("listen").asText("127.0.0.1:4599");
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IOException("listen must be host:port, got " + listen);
    }
    InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon),
        Integer.parseInt(listen.substring(colon + 1)));
    Set<String> regions = new TreeSet<>();
    n.path("regions").forEach(r -> regions.add(r.asText()));
    if (regions.isEmpty()) {
      regions.add("us-east-1");
    }
    Optional<Tls> tls = n.has("tls") ? Optional.of(new Tls(base.resolve(n.path("tls").path("certificate").asText()),
        base.resolve(n.path("tls").path("privateKey").asText()))) : Optional.empty();
    JsonNode ck = n.path("createKey");
    List<String> attestors = new ArrayList<>();
    ck.path("attestors").forEach(a -> attestors.add(a.asText()));
    Optional<String> policy = ck.has("defaultPolicyFile")
        ? Optional.of(Files.readString(base.resolve(ck.path("defaultPolicyFile").asText()))) : Optional.empty();
    return new EndpointConfig(address, regions, n.path("account").asText("000000000000"),
        base.resolve(n.path("credentials").asText("credentials.json")), tls,
        new CreateKeyDefaults(attestors, ck.path("threshold").asInt(0), policy));
  }
}
