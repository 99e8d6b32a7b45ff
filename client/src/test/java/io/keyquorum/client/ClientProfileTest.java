package io.keyquorum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientProfileTest {
  @Test
  void load_resolvesPathsAgainstTheProfileAndReadsTheIdentityKey(@TempDir Path dir) throws Exception {
    byte[] seed = new byte[32];
    seed[0] = 7;
    Files.writeString(dir.resolve("app.key"), HexFormat.of().formatHex(seed) + "\n");
    Path file = dir.resolve("profile.json");
    Files.writeString(file, """
        {"endpoint": "kq.example:7400", "caCert": "ca.pem", "genesisHash": "abababababababababababababababababababababababababababababababab", "clientId": "payments-api", "identityKey": "app.key"}
        """);
    ClientProfile profile = ClientProfile.load(file);
    assertThat(profile.host()).isEqualTo("kq.example");
    assertThat(profile.port()).isEqualTo(7400);
    assertThat(profile.caCert()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(profile.clientId()).isEqualTo("payments-api");
    assertThat(profile.genesisHash()).isEqualTo(io.keyquorum.crypto.GenesisHash.fromHex("ab".repeat(32)));
    Ed25519PrivateKey key = profile.readIdentityKey();
    assertThat(key.publicKey()).isEqualTo(Ed25519PrivateKey.fromSeed(SecretBytes.copyOf(seed)).publicKey());
  }

  @Test
  void unknownOrMissingFields_areNamed(@TempDir Path dir) throws Exception {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, """
        {"endpoint": "h:1", "caCert": "ca.pem", "genesisHash": "abababababababababababababababababababababababababababababababab", "clientId": "c", "identityKey": "k", "idenityKey": "x"}
        """);
    assertThatThrownBy(() -> ClientProfile.load(typo)).hasMessageContaining("idenityKey");
    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, """
        {"endpoint": "h:1", "caCert": "ca.pem", "genesisHash": "abababababababababababababababababababababababababababababababab", "identityKey": "k"}
        """);
    assertThatThrownBy(() -> ClientProfile.load(missing)).hasMessageContaining("clientId");
  }

  @Test
  void profileWithoutAPinnedGenesis_isRefused(@TempDir Path dir) throws Exception {
    Path unpinned = dir.resolve("unpinned.json");
    Files.writeString(unpinned, """
        {"endpoint": "h:1", "caCert": "ca.pem", "clientId": "c", "identityKey": "k"}
        """);
    assertThatThrownBy(() -> ClientProfile.load(unpinned)).hasMessageContaining("genesisHash");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, """
        {"endpoint": "h:1", "caCert": "ca.pem", "genesisHash": "zz", "clientId": "c", "identityKey": "k"}
        """);
    assertThatThrownBy(() -> ClientProfile.load(bad)).hasMessageContaining("genesisHash");
  }

  @Test
  void badEndpointAndKey_areRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, """
        {"endpoint": "no-port", "caCert": "ca.pem", "genesisHash": "abababababababababababababababababababababababababababababababab", "clientId": "c", "identityKey": "k"}
        """);
    assertThatThrownBy(() -> ClientProfile.load(file)).hasMessageContaining("host:port");
    Files.writeString(dir.resolve("short.key"), "abcd");
    ClientProfile p = new ClientProfile("h:1", dir.resolve("ca.pem"), io.keyquorum.crypto.GenesisHash.fromHex("ab".repeat(32)),
        "c", dir.resolve("short.key"));
    assertThatThrownBy(p::readIdentityKey).hasMessageContaining("64 hex digits");
  }
}
