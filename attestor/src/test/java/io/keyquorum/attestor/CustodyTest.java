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

/** The custody key, sealed identity and sealed share store. */
class CustodyTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  private CustodyKey custody(String passphrase) throws Exception {
    Path file = dir.resolve("pass-" + passphrase.hashCode());
    Files.writeString(file, passphrase + "\n");
    return CustodyKey.open(dir, file, 1024, 8, 1, random);
  }

  @Test
  void identity_roundTripsUnderTheSamePassphrase_andRefusesAnother() throws Exception {
    AttestorIdentity identity = AttestorIdentity.generate("attestor-1", random);
    try (CustodyKey k = custody("right")) {
      identity.store(dir, k);
    }
    try (CustodyKey k = custody("right"); AttestorIdentity loaded = AttestorIdentity.load(dir, "attestor-1", k)) {
      assertThat(loaded.signingKey().publicKey()).isEqualTo(identity.signingKey().publicKey());
      assertThat(loaded.hpkeKey().publicKey()).isEqualTo(identity.hpkeKey().publicKey());
    }
    try (CustodyKey wrong = custody("wrong")) {
      assertThatThrownBy(() -> AttestorIdentity.load(dir, "attestor-1", wrong))
          .isInstanceOf(DecryptionFailedException.class).hasMessageContaining("wrong passphrase");
    }
    try (CustodyKey k = custody("right")) {
      assertThatThrownBy(() -> identity.store(dir, k)).hasMessageContaining("refusing to replace");
    }
    assertThat(Files.readString(dir.resolve(AttestorIdentity.PUBLIC_FILE))).contains("nodeId: attestor-1", "hpkeKey: ");
  }

  @Test
  void storedShare_isSealed_neverPlaintext_andBoundToItsSlot() throws Exception {
    Scalar value = Scalar.randomNonZero(random);
    byte[] raw = value.encode();
    try (CustodyKey k = custody("pw"); NodeDatabase db = NodeDatabase.open(dir.resolve("attestor.db"))) {
      ShareVault vault = new ShareVault(db, k, "attestor-1");
      vault.put("k1", 1, Share.of(2, value));
      try (Share back = vault.get("k1", 1).orElseThrow(); SecretBytes enc = back.encode(SecretAccess.INSTANCE)) {
        assertThat(back.index()).isEqualTo(2);
        assertThat(enc.toByteArray(SecretAccess.INSTANCE)).endsWith(raw);
      }
      assertThat(vault.get("k1", 2)).isEmpty();
      // Move the sealed share into another key's slot: it must not open as that key's share.
      db.transaction(c -> c.createStatement().executeUpdate("UPDATE shares SET key_id = 'k2'"));
      assertThatThrownBy(() -> vault.get("k2", 1)).isInstanceOf(DecryptionFailedException.class);
    }
    byte[] fileBytes = Files.readAllBytes(dir.resolve("attestor.db"));
    assertThat(indexOf(fileBytes, raw)).as("share value must not appear in the database file").isEqualTo(-1);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
