package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.shamir.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving a data folder from software to token custody changes no share and leaves nothing under the passphrase. */
class CustodyMigrationTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  private Scalar[] softwareFolder(Path data, Path passphrase, AttestorIdentity identity) throws Exception {
    Files.writeString(passphrase, "pw\n");
    Scalar[] values = {Scalar.randomNonZero(random), Scalar.randomNonZero(random)};
    try (CustodyKey software = CustodyKey.open(data, passphrase, 1024, 8, 1, random);
        NodeDatabase db = NodeDatabase.open(data.resolve("attestor.db"))) {
      identity.store(data, software);
      ShareVault vault = new ShareVault(db, software, "attestor-1");
      vault.put("k1", 1, Share.of(3, values[0]));
      vault.put("k1", 2, Share.of(3, values[1]));
    }
    return values;
  }

  private static void assertShares(Path data, Custody custody, Scalar[] values) {
    try (NodeDatabase db = NodeDatabase.open(data.resolve("attestor.db"))) {
      ShareVault vault = new ShareVault(db, custody, "attestor-1");
      for (int v = 1; v <= 2; v++) {
        try (Share s = vault.get("k1", v).orElseThrow(); SecretBytes enc = s.encode(SecretAccess.INSTANCE)) {
          assertThat(s.index()).isEqualTo(3);
          assertThat(enc.toByteArray(SecretAccess.INSTANCE)).endsWith(values[v - 1].encode());
        }
      }
    }
  }

  @Test
  void migrateToAToken_keepsEveryShareAndTheIdentity_andThePassphraseNoLongerOpensThem() throws Exception {
    Path data = dir.resolve("data");
    Path passphrase = dir.resolve("passphrase");
    AttestorIdentity identity = AttestorIdentity.generate("attestor-1", random);
    Scalar[] values = softwareFolder(data, passphrase, identity);
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    try (CustodyKey software = CustodyKey.open(data, passphrase, 1024, 8, 1, random);
        Pkcs11Custody hsm = Pkcs11Custody.create(token.settings(), random)) {
      CustodyMigration.Result moved = CustodyMigration.migrate(data, "attestor-1", software, hsm);
      assertThat(moved.shares()).isEqualTo(2);
      assertThat(CustodyKind.read(data)).contains(CustodyKind.pkcs11(token.label()));
      assertShares(data, hsm, values);
      try (AttestorIdentity back = AttestorIdentity.load(data, "attestor-1", hsm)) {
        assertThat(back.signingKey().publicKey()).isEqualTo(identity.signingKey().publicKey());
      }
      assertThatThrownBy(() -> AttestorIdentity.load(data, "attestor-1", software))
          .isInstanceOf(DecryptionFailedException.class);
      // A rerun (say after a crash) finds everything moved and changes nothing.
      assertThat(CustodyMigration.migrate(data, "attestor-1", software, hsm).shares()).isEqualTo(2);
      assertShares(data, hsm, values);
    }
  }

  @Test
  void aMigrationInterruptedAfterTheShares_completesOnRerun() throws Exception {
    Path data = dir.resolve("data");
    Path passphrase = dir.resolve("passphrase");
    AttestorIdentity identity = AttestorIdentity.generate("attestor-1", random);
    Scalar[] values = softwareFolder(data, passphrase, identity);
    byte[] oldIdentity = Files.readAllBytes(data.resolve(AttestorIdentity.SEALED_FILE));
    try (CustodyKey software = CustodyKey.open(data, passphrase, 1024, 8, 1, random);
        InMemoryCustody twin = new InMemoryCustody(dir.resolve("twin"), "twin")) {
      CustodyMigration.migrate(data, "attestor-1", software, twin);
      // Simulate a crash after the share transaction: identity and kind not yet switched.
      Files.write(data.resolve(AttestorIdentity.SEALED_FILE), oldIdentity);
      Files.delete(data.resolve(CustodyKind.FILE));
      assertThatThrownBy(() -> CustodyKind.check(data, twin.kind())).hasMessageContaining("migrate-custody");
      CustodyMigration.migrate(data, "attestor-1", software, twin);
      assertShares(data, twin, values);
      AttestorIdentity.load(data, "attestor-1", twin).close();
    }
  }
}
