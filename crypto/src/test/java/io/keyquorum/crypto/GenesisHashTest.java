package io.keyquorum.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GenesisHashTest {
  private static final DomainTag GENESIS = new DomainTag("keyquorum/registry/genesis/v2");
  private final Ed25519PrivateKey founder = Ed25519PrivateKey.generate(new SecureRandom());

  @Test
  void pinnedPayload_opensWithoutTheSignersKey() {
    SignedEnvelope genesis = SignedEnvelope.sign(GENESIS, new byte[] {1, 2, 3}, founder);
    GenesisHash pinned = GenesisHash.ofPayload(genesis.payload());
    assertThat(genesis.openPinned(GENESIS, pinned)).containsExactly(1, 2, 3);
    assertThat(GenesisHash.fromHex(pinned.hex())).isEqualTo(pinned);
  }

  @Test
  void payloadThatIsNotThePinnedOne_isRefused() {
    SignedEnvelope genesis = SignedEnvelope.sign(GENESIS, new byte[] {1, 2, 3}, founder);
    SignedEnvelope other = SignedEnvelope.sign(GENESIS, new byte[] {1, 2, 4}, founder);
    GenesisHash pinned = GenesisHash.ofPayload(genesis.payload());
    assertThatThrownBy(() -> other.openPinned(GENESIS, pinned)).isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("does not hash to the pinned genesis hash");
    assertThatThrownBy(() -> genesis.openPinned(new DomainTag("keyquorum/attestation/v2"), pinned))
        .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("not tagged");
    assertThatThrownBy(() -> genesis.openPinned(GENESIS, GenesisHash.NONE)).isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void malformedHex_isRefused() {
    assertThatThrownBy(() -> GenesisHash.fromHex("zz".repeat(32))).hasMessageContaining("not hex");
    assertThatThrownBy(() -> GenesisHash.fromHex("ab")).hasMessageContaining("64 hex digits");
  }
}
