package io.keyquorum.cli.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import io.keyquorum.crypto.Ed25519PrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key, policy put/get and client register through the real command line, against a TLS test network. */
class KeyCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static CliNetwork network;
  private static Path allow;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 4, "ops", List.of("key-creator"));
    allow = dir.resolve("allow.yaml");
    Files.writeString(allow, "policy: allow-all\nrules:\n  - effect: allow\n    when: \"true\"\n");
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  private static JsonNode json(Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static Run admin(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(network.admin()));
    return network.kq(all.toArray(String[]::new));
  }

  @Test
  void create_thenListAndDescribe_showTheKeyEnabledWithItsAttestorsAndThreshold() throws Exception {
    JsonNode created = json(network.kq("key", "create", "--alias", "orders", "--threshold", "2",
        "--attestors", "attestor-1,attestor-2,attestor-3", "--policy", allow.toString(), "--json"));
    assertThat(created.get("alias").asText()).isEqualTo("orders");
    assertThat(created.get("state").asText()).isEqualTo("ENABLED");
    assertThat(created.get("currentVersion").asLong()).isEqualTo(1);
    JsonNode v1 = created.get("versions").get(0);
    assertThat(v1.get("threshold").asInt()).isEqualTo(2);
    assertThat(v1.get("attestors").toString()).isEqualTo("[\"attestor-1\",\"attestor-2\",\"attestor-3\"]");

    JsonNode listed = json(network.kq("key", "list", "--json"));
    assertThat(listed.get("keys").findValuesAsText("alias")).contains("orders");

    Run text = network.kq("key", "describe", "orders");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("alias:           orders").contains("state:           ENABLED")
        .contains("v1 ACTIVE t=2 of attestor-1, attestor-2, attestor-3");
    Run listText = network.kq("key", "list");
    assertThat(listText.out()).startsWith("KEY").contains(created.get("keyId").asText());
  }

  @Test
  void create_withDefaults_usesEveryAttestor_aMajority_andAnOwnerOnlyPolicy() throws Exception {
    JsonNode created = json(network.kq("key", "create", "--alias", "defaults", "--json"));
    JsonNode v1 = created.get("versions").get(0);
    assertThat(v1.get("attestors").size()).isEqualTo(4);
    assertThat(v1.get("threshold").asInt()).isEqualTo(3);
    JsonNode policy = json(network.kq("policy", "get", "defaults", "--json"));
    assertThat(policy.get("document").asText()).contains("client.id == \"ops\"");
  }

  @Test
  void describe_unknownKey_exits1_notFound() throws Exception {
    Run run = network.kq("key", "describe", "no-such-key", "--json");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(JSON.readTree(run.err()).at("/error/kind").asText()).isEqualTo("not-found");
  }

  @Test
  void disableEnable_scheduleAndCancelDeletion_moveTheKeyThroughItsStates() throws Exception {
    json(network.kq("key", "create", "--alias", "life", "--policy", allow.toString(), "--json"));
    assertThat(json(admin("key", "disable", "life", "--json")).get("state").asText()).isEqualTo("DISABLED");
    // A disabled key is refused by the attestors: exit 1.
    assertThat(network.kq("datakey", "--key", "life").exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(json(admin("key", "enable", "life", "--json")).get("state").asText()).isEqualTo("ENABLED");

    JsonNode scheduled = json(admin("key", "schedule-deletion", "life", "--days", "7", "--json"));
    assertThat(scheduled.get("state").asText()).isEqualTo("PENDING_DELETION");
    Instant when = Instant.parse(scheduled.get("deletionDate").asText());
    assertThat(Duration.between(Instant.now(), when)).isBetween(Duration.ofDays(7).minusMinutes(5), Duration.ofDays(7));
    assertThat(scheduled.get("registryHeight").asLong()).isPositive();

    JsonNode cancelled = json(admin("key", "cancel-deletion", "life", "--json"));
    assertThat(cancelled.get("state").asText()).isEqualTo("ENABLED");
    // Cancelling again is refused by the service: exit 1.
    assertThat(admin("key", "cancel-deletion", "life").exitCode()).isEqualTo(ExitCodes.DENIED);
  }

  @Test
  void scheduleDeletion_outsideSevenToThirtyDays_isAUsageError() {
    Run run = admin("key", "schedule-deletion", "whatever", "--days", "6");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("--days must be 7 to 30");
  }

  @Test
  void stateChange_signedByANonAdmin_exits1() {
    // Without --admin-*, the profile's own client key signs; "ops" is not a genesis admin.
    Run run = network.kq("key", "disable", "orders-x");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
  }

  @Test
  void rotate_makesVersionTwoCurrent() throws Exception {
    json(network.kq("key", "create", "--alias", "spin", "--policy", allow.toString(), "--json"));
    JsonNode rotated = json(network.kq("key", "rotate", "spin", "--json"));
    assertThat(rotated.get("currentVersion").asLong()).isEqualTo(2);
    assertThat(rotated.get("versions").size()).isEqualTo(2);
  }

  @Test
  void policyPut_thenGet_roundTripsTheDocumentAndBumpsTheVersion() throws Exception {
    json(network.kq("key", "create", "--alias", "guarded", "--policy", allow.toString(), "--json"));
    Path readers = dir.resolve("readers.yaml");
    String document = "policy: readers\nrules:\n  - effect: allow\n    when: '\"reader\" in client.roles'\n";
    Files.writeString(readers, document);
    JsonNode put = json(admin("policy", "put", "guarded", "--file", readers.toString(), "--json"));
    assertThat(put.get("policyVersion").asLong()).isEqualTo(2);
    JsonNode got = json(network.kq("policy", "get", "guarded", "--json"));
    assertThat(got.get("document").asText()).isEqualTo(document);
    assertThat(got.get("policyVersion").asLong()).isEqualTo(2);
    assertThat(network.kq("policy", "get", "guarded").out()).isEqualTo(document);
  }

  @Test
  void policyPut_ofAnUnguardedDenyRule_warnsButCommits() throws Exception {
    json(network.kq("key", "create", "--alias", "capped", "--policy", allow.toString(), "--json"));
    Path capped = dir.resolve("capped.yaml");
    Files.writeString(capped, "policy: capped\nrules:\n  - effect: allow\n  - effect: deny\n"
        + "    when: int(request.context[\"amount\"]) > 1000\n");
    Run text = admin("policy", "put", "capped", "--file", capped.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.err()).contains("kq: warning: " + capped + ": rule 1 (line 5): when ")
        .contains("request.context[\"amount\"] is read without a guard").contains("int(...)");
    JsonNode put = json(admin("policy", "put", "capped", "--file", capped.toString(), "--json"));
    assertThat(put.get("warnings")).hasSize(2);
    assertThat(put.at("/warnings/0/rule").asInt()).isEqualTo(1);
    assertThat(put.at("/warnings/0/line").asInt()).isEqualTo(5);
  }

  @Test
  void policyPut_ofAPolicyThatDoesNotCompile_exits2WithRuleIndexAndPosition_beforeSending() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "policy: bad\nrules:\n  - effect: allow\n    when: '\"x\" in client.nope'\n");
    Run run = admin("policy", "put", "no-such-key-either", "--file", bad.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    // Compiled locally: the error names the rule and position, and the unknown key was never looked up.
    assertThat(run.err()).contains("rule 0 (line 4): when 1:").contains("nope").doesNotContain("not-found");
  }

  @Test
  void clientRegister_registersAClientThatCanThenUseItsProfile() throws Exception {
    Ed25519PrivateKey newKey = Ed25519PrivateKey.generate(new SecureRandom());
    Path pub = dir.resolve("reader.pub");
    Files.writeString(pub, HexFormat.of().formatHex(newKey.publicKey().raw()));
    JsonNode registered = json(admin("client", "register", "--id", "reader-1", "--public-key", pub.toString(),
        "--role", "key-creator", "--attr", "team=legal", "--json"));
    assertThat(registered.get("clientId").asText()).isEqualTo("reader-1");
    assertThat(registered.at("/attributes/team").asText()).isEqualTo("legal");
    assertThat(network.cluster.registry().state().client("reader-1")).isPresent();

    Path sub = Files.createDirectories(dir.resolve("reader"));
    Files.copy(dir.resolve("ca.pem"), sub.resolve("ca.pem"));
    CliNetwork.writeSeed(sub.resolve("client.key"), newKey);
    Files.writeString(sub.resolve("profile.json"), Files.readString(network.profile).replace("\"ops\"", "\"reader-1\""));
    Run created = CliNetwork.run("key", "create", "--alias", "readers-key", "--profile", sub.resolve("profile.json").toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
  }

  @Test
  void clientRegister_byANonAdmin_exits1() throws Exception {
    Path pub = dir.resolve("x.pub");
    Files.writeString(pub, HexFormat.of().formatHex(Ed25519PrivateKey.generate(new SecureRandom()).publicKey().raw()));
    Run run = network.kq("client", "register", "--id", "sneaky", "--public-key", pub.toString(), "--json");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(JSON.readTree(run.err()).at("/error/kind").asText()).isEqualTo("access-denied");
  }
}
