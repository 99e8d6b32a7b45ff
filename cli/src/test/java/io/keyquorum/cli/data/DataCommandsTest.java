package io.keyquorum.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.CliNetwork;
import io.keyquorum.cli.session.CliNetwork.Run;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.AttestorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** datakey, decrypt and release through the real command line, against a TLS test network (t = 3 of 4). */
class DataCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static CliNetwork network;

  @BeforeAll
  static void start() throws Exception {
    network = new CliNetwork(dir, 4, "payments", List.of("key-creator"));
    Files.writeString(dir.resolve("allow.yaml"), "policy: allow-all\nrules:\n  - effect: allow\n    when: \"true\"\n");
  }

  @AfterAll
  static void stop() {
    network.close();
  }

  private static void createKey(String alias, String... extra) {
    List<String> args = new ArrayList<>(List.of("key", "create", "--alias", alias, "--threshold", "3",
        "--policy", dir.resolve("allow.yaml").toString()));
    args.addAll(List.of(extra));
    Run run = network.kq(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static JsonNode json(Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static Ed25519PublicKey attestorKey(String id) {
    return network.cluster.registry().state().governance().orElseThrow().attestor(id)
        .map(AttestorInfo::signingKey).orElseThrow();
  }

  @Test
  void datakey_json_hasExactlyTheDocumentedFields_andEachAttestationVerifiesOverItsPayload() throws Exception {
    createKey("dk-shape");
    JsonNode dk = json(network.kq("datakey", "--key", "dk-shape", "--context", "dept=finance", "--json"));
    List<String> fields = new ArrayList<>();
    dk.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("keyId", "keyVersion", "plaintext", "ciphertextBlob", "attestations");
    assertThat(dk.get("keyVersion").asLong()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(dk.get("plaintext").asText())).hasSize(32);
    assertThat(Base64.getDecoder().decode(dk.get("ciphertextBlob").asText())).isNotEmpty();
    assertThat(dk.get("attestations").size()).isGreaterThanOrEqualTo(3);
    for (JsonNode a : dk.get("attestations")) {
      List<String> names = new ArrayList<>();
      a.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("attestor", "payload", "signature");
      String attestor = a.get("attestor").asText();
      byte[] payload = Base64.getDecoder().decode(a.get("payload").asText());
      byte[] signature = Base64.getDecoder().decode(a.get("signature").asText());
      // The payload is exactly the signed bytes: the raw Ed25519 signature verifies over it.
      assertThat(attestorKey(attestor).verify(payload, signature)).isTrue();
      Attestation judged = SignedAttestation.of(attestor, payload, signature).verify(attestorKey(attestor));
      assertThat(judged.allow()).isTrue();
      assertThat(judged.keyId()).isEqualTo(dk.get("keyId").asText());
    }
  }

  @Test
  void datakeyThenDecrypt_roundTrips_inBothDeliveryModes() throws Exception {
    createKey("dk-round");
    for (String mode : List.of("client", "orchestrator")) {
      JsonNode dk = json(network.kq("datakey", "--key", "dk-round", "--context", "dept=finance",
          "--context", "note=a=b", "--delivery", mode, "--json"));
      JsonNode pt = json(network.kq("decrypt", "--blob", dk.get("ciphertextBlob").asText(),
          "--context", "note=a=b", "--context", "dept=finance", "--delivery", mode, "--json"));
      assertThat(pt.get("plaintext").asText()).isEqualTo(dk.get("plaintext").asText());
      List<String> fields = new ArrayList<>();
      pt.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("plaintext");
    }
  }

  @Test
  void decrypt_withWrongContext_exits1WithInvalidCiphertext() throws Exception {
    createKey("dk-wrong");
    JsonNode dk = json(network.kq("datakey", "--key", "dk-wrong", "--context", "dept=finance", "--json"));
    Run wrong = network.kq("decrypt", "--blob", dk.get("ciphertextBlob").asText(), "--context", "dept=hr", "--json");
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(wrong.out()).isEmpty();
    assertThat(JSON.readTree(wrong.err()).at("/error/kind").asText()).isEqualTo("invalid-ciphertext");
  }

  @Test
  void release_givesTheSameMaterial_inBothDeliveryModes_andTheImportedMaterial() throws Exception {
    byte[] material = new byte[48];
    new SecureRandom().nextBytes(material);
    Path file = dir.resolve("material.bin");
    Files.write(file, material);
    createKey("rel-both", "--import", file.toString());
    JsonNode viaClient = json(network.kq("release", "--key", "rel-both", "--delivery", "client", "--json"));
    JsonNode viaOrchestrator = json(network.kq("release", "--key", "rel-both", "--delivery", "orchestrator", "--json"));
    assertThat(viaClient.get("material").asText()).isEqualTo(viaOrchestrator.get("material").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(material));
    Iterator<String> fields = viaClient.fieldNames();
    assertThat(fields.next()).isEqualTo("material");
    assertThat(fields.hasNext()).isFalse();
  }

  @Test
  void deniedRequest_exits1_andNamesEveryAttestorsReason() throws Exception {
    createKey("denied");
    for (int i = 1; i <= 2; i++) {
      network.cluster.attestor(i).rule(r -> r.keyRef().equals("denied")
          ? Optional.of("deny-list: key denied in test") : Optional.empty());
    }
    try {
      Run text = network.kq("datakey", "--key", "denied");
      assertThat(text.exitCode()).isEqualTo(ExitCodes.DENIED);
      assertThat(text.out()).isEmpty();
      assertThat(text.err()).contains("insufficient-attestations")
          .contains("attestor-1: denied - rule test-policy/deny-list: deny-list: key denied in test (signed)")
          .contains("attestor-2: denied - rule test-policy/deny-list: deny-list: key denied in test (signed)");

      Run json = network.kq("datakey", "--key", "denied", "--json");
      assertThat(json.exitCode()).isEqualTo(ExitCodes.DENIED);
      JsonNode error = JSON.readTree(json.err()).get("error");
      assertThat(error.get("kind").asText()).isEqualTo("insufficient-attestations");
      JsonNode denial = null;
      for (JsonNode a : error.get("attestors")) {
        if (a.get("attestor").asText().equals("attestor-1")) {
          denial = a;
        }
      }
      assertThat(denial).isNotNull();
      assertThat(denial.get("status").asText()).isEqualTo("denied");
      assertThat(denial.get("reason").asText()).contains("key denied in test");
      // The denial is signed evidence too.
      Attestation judged = SignedAttestation.of("attestor-1", Base64.getDecoder().decode(denial.get("payload").asText()),
          Base64.getDecoder().decode(denial.get("signature").asText())).verify(attestorKey("attestor-1"));
      assertThat(judged.allow()).isFalse();
    } finally {
      for (int i = 1; i <= 2; i++) {
        network.cluster.attestor(i).rule(r -> Optional.empty());
      }
    }
  }

  @Test
  void context_withEmptyKeyOrDuplicateKey_isAUsageError_beforeAnythingIsSent() {
    Run empty = network.kq("datakey", "--key", "any", "--context", "=v");
    assertThat(empty.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(empty.err()).contains("empty key");
    Run duplicate = network.kq("datakey", "--key", "any", "--context", "a=1", "--context", "a=2");
    assertThat(duplicate.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(duplicate.err()).contains("\"a\" given more than once");
  }

  @Test
  void unreachableOrchestrator_exits1_withKindUnavailable() throws Exception {
    Path profile = dir.resolve("down.json");
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      Files.writeString(profile, Files.readString(network.profile).replaceAll("127\\.0\\.0\\.1:\\d+",
          "127.0.0.1:" + closed.getLocalPort()));
    }
    Run run = CliNetwork.run("key", "list", "--json", "--profile", profile.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
    assertThat(JSON.readTree(run.err()).at("/error/kind").asText()).isEqualTo("unavailable");
  }

  @Test
  void missingProfile_exits2_withAClearMessage() {
    Run run = CliNetwork.run("datakey", "--key", "k");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("no client profile").contains("KEYQUORUM_PROFILE");
    Run bad = CliNetwork.run("datakey", "--key", "k", "--profile", dir.resolve("nope.json").toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID);
    assertThat(bad.err()).contains("nope.json");
  }
}
