package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.attestor.CustodyUnavailableException.Fault;
import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.shamir.Share;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custody under a real SoftHSM2 token through SunPKCS11, and the faults it names. */
class Pkcs11CustodyTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedValue_opensUnderTheTokenKey_whichTheTokenWillNotExport() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    try (Pkcs11Custody custody = Pkcs11Custody.create(token.settings(), random)) {
      byte[] sealed = custody.seal(AAD, "secret".getBytes(StandardCharsets.UTF_8));
      try (SecretBytes back = custody.open(AAD, sealed)) {
        assertThat(back.toByteArray(SecretAccess.INSTANCE)).asString(StandardCharsets.UTF_8).isEqualTo("secret");
      }
      assertThatThrownBy(() -> custody.open("other".getBytes(StandardCharsets.UTF_8), sealed))
          .isInstanceOf(DecryptionFailedException.class);
      assertThat(custody.problem()).isEmpty();
      assertThat(custody.kind()).isEqualTo(CustodyKind.pkcs11(token.label()));
    }
    // A second key ceremony on the same token would orphan every sealed value.
    assertThatThrownBy(() -> Pkcs11Custody.create(token.settings(), random)).hasMessageContaining("refusing to replace");
  }

  @Test
  void theWrappingKey_isSensitiveAndUnextractable() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    Pkcs11Custody.create(token.settings(), random).close();
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11",
        java.security.Security.getProvider("SunPKCS11").configure("--name=check\nlibrary=" + SoftHsm2.MODULE
            + "\nslot=" + token.slot() + "\n"));
    ks.load(null, "test-pin-1234".toCharArray());
    java.security.Key key = ks.getKey(token.settings().keyAlias(), null);
    assertThat(key.getEncoded()).as("the token must not hand out the key's bytes").isNull();
    assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
  }

  @Test
  void wrongPin_isNamed_andNoCustodyOpens() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    Pkcs11Custody.create(token.settings(), random).close();
    Files.writeString(token.pinFile(), "wrong-pin-0000\n");
    assertThatThrownBy(() -> Pkcs11Custody.open(token.settings(), random))
        .isInstanceOfSatisfying(CustodyUnavailableException.class, e -> assertThat(e.fault()).isEqualTo(Fault.PKCS11_PIN_REFUSED))
        .hasMessageContaining("PKCS11_PIN_REFUSED").hasMessageContaining("refused the PIN")
        .hasMessageNotContaining("wrong-pin-0000");
  }

  @Test
  void missingModule_missingPinSource_andUnknownSlot_areNamed() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    Pkcs11Settings noModule = new Pkcs11Settings(dir.resolve("libnothing.so"), token.label(), Optional.of(token.slot()),
        Optional.empty(), Optional.of(token.pinFile()));
    assertThatThrownBy(() -> Pkcs11Custody.open(noModule, random)).hasMessageStartingWith("PKCS11_MODULE_MISSING")
        .hasMessageContaining("apt-get install softhsm2");
    Pkcs11Settings noPin = new Pkcs11Settings(SoftHsm2.MODULE, token.label(), Optional.of(token.slot()),
        Optional.of("KQ_NO_SUCH_PIN_VARIABLE"), Optional.empty());
    assertThatThrownBy(() -> Pkcs11Custody.open(noPin, random)).hasMessageStartingWith("PKCS11_PIN_REFUSED")
        .hasMessageContaining("KQ_NO_SUCH_PIN_VARIABLE is not set");
    Pkcs11Settings noSlot = new Pkcs11Settings(SoftHsm2.MODULE, token.label(), Optional.of(987654321L),
        Optional.empty(), Optional.of(token.pinFile()));
    assertThatThrownBy(() -> Pkcs11Custody.open(noSlot, random)).hasMessageStartingWith("PKCS11_TOKEN_ABSENT");
    // A token without the ceremony's key: named, never a fresh key made on the fly.
    assertThatThrownBy(() -> Pkcs11Custody.open(token.settings(), random)).hasMessageStartingWith("PKCS11_KEY_MISSING");
  }

  @Test
  void aTokenLackingAMechanism_isRefusedNamingIt() {
    Provider onlyKeyGen = new Provider("NoGcm", "1", "a token without AES-GCM") {
      private static final long serialVersionUID = 1L;

      {
        putService(new Service(this, "KeyGenerator", "AES", "x", null, null));
      }
    };
    assertThat(Pkcs11Custody.missingMechanisms(onlyKeyGen)).containsExactly("CKM_AES_GCM");
  }

  @Test
  void aRemovedToken_failsWithANamedStickyError_untilCustodyRestarts() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    try (Pkcs11Custody custody = Pkcs11Custody.create(token.settings(), random)) {
      byte[] sealed = custody.seal(AAD, new byte[] {1, 2, 3});
      Path away = dir.resolve("token-away");
      Files.move(token.dir(), away);
      assertThatThrownBy(() -> custody.open(AAD, sealed)).isInstanceOf(CustodyUnavailableException.class)
          .hasMessageStartingWith("PKCS11_TOKEN_FAILED").hasMessageContaining("restart");
      assertThat(custody.problem()).hasValueSatisfying(p -> assertThat(p).contains("PKCS11_TOKEN_FAILED"));
      Files.move(away, token.dir());
      // Back on disk, but SunPKCS11 keeps the dead handles: custody stays refused, not half-working.
      assertThatThrownBy(() -> custody.seal(AAD, new byte[] {4})).hasMessageStartingWith("PKCS11_TOKEN_FAILED");
      assertThat(custody.problem()).isPresent();
    }
  }

  @Test
  void copiedDataFolder_withItsPassphrase_butWithoutTheToken_yieldsNoShare() throws Exception {
    Pkcs11TestTokens.Token token = Pkcs11TestTokens.create(dir);
    Path data = dir.resolve("data");
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "the operator's passphrase\n");
    Scalar value = Scalar.randomNonZero(random);
    try (Pkcs11Custody custody = Pkcs11Custody.create(token.settings(), random);
        AttestorIdentity identity = AttestorIdentity.generate("attestor-1", random)) {
      CustodyKey.open(data, passphrase, 1024, 8, 1, random).close();
      identity.store(data, custody);
      custody.kind().write(data);
      try (NodeDatabase db = NodeDatabase.open(data.resolve("attestor.db"))) {
        new ShareVault(db, custody, "attestor-1").put("k1", 1, Share.of(2, value));
      }
    }
    Path copy = dir.resolve("stolen");
    copyTree(data, copy);
    Files.copy(passphrase, dir.resolve("stolen-passphrase"));

    // The thief's passphrase-derived key opens nothing: the values were sealed inside the token.
    try (CustodyKey software = CustodyKey.open(copy, dir.resolve("stolen-passphrase"), 1024, 8, 1, random);
        NodeDatabase db = NodeDatabase.open(copy.resolve("attestor.db"))) {
      assertThatThrownBy(() -> new ShareVault(db, software, "attestor-1").get("k1", 1))
          .isInstanceOf(DecryptionFailedException.class);
      assertThatThrownBy(() -> AttestorIdentity.load(copy, "attestor-1", software))
          .isInstanceOf(DecryptionFailedException.class);
    }
    // And a node pointed at the copy with software custody refuses by name, without falling back.
    assertThatThrownBy(() -> CustodyKind.check(copy, CustodyKind.SOFTWARE))
        .hasMessageContaining("custody mismatch").hasMessageContaining("pkcs11 (token " + token.label() + ")");
    // Another token (the thief's own) has no custody key under that label.
    Pkcs11TestTokens.Token other = Pkcs11TestTokens.create(dir);
    Pkcs11Settings thief = new Pkcs11Settings(SoftHsm2.MODULE, token.label(), Optional.of(other.slot()),
        Optional.empty(), Optional.of(other.pinFile()));
    assertThatThrownBy(() -> Pkcs11Custody.open(thief, random)).hasMessageStartingWith("PKCS11_KEY_MISSING");

    // With the token, the copy opens.
    try (Pkcs11Custody custody = Pkcs11Custody.open(token.settings(), random);
        NodeDatabase db = NodeDatabase.open(copy.resolve("attestor.db"));
        Share back = new ShareVault(db, custody, "attestor-1").get("k1", 1).orElseThrow();
        SecretBytes enc = back.encode(SecretAccess.INSTANCE)) {
      assertThat(enc.toByteArray(SecretAccess.INSTANCE)).endsWith(value.encode());
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
