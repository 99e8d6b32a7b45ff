package io.keyquorum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.fuzz.Fuzz;
import io.keyquorum.protocol.ReadRequest.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signed reads: what is signed comes back, nothing else passes for one, and mutations fail cleanly. */
class SignedReadRequestTest {
  private static final GenesisHash NET = GenesisHash.ofPayload(new byte[] {1});

  private final Ed25519PrivateKey client = Fixtures.signer(21);

  private static ReadRequest read(Operation op, String argument) {
    return new ReadRequest("client-a", op, argument, NET, new byte[16], 1_700_000_000_000L);
  }

  @Test
  void signedRead_verifiesToWhatWasSigned() {
    SignedReadRequest signed = SignedReadRequest.decode(
        SignedReadRequest.sign(read(Operation.DESCRIBE_KEY, "payroll"), client).encode());
    ReadRequest back = signed.verify(client.publicKey());
    assertThat(signed.claimedClientId()).isEqualTo("client-a");
    assertThat(back.operation()).isEqualTo(Operation.DESCRIBE_KEY);
    assertThat(back.argument()).isEqualTo("payroll");
    assertThat(back.network()).isEqualTo(NET);
  }

  @Test
  void keyRequestSignature_doesNotPassForARead() {
    SignedKeyRequest keyRequest = SignedKeyRequest.sign(Fixtures.request("client-a", Map.of()), client);
    byte[] asRead = new CanonicalWriter().string("client-a").bytes(keyRequest.envelope().encode()).toByteArray();
    assertThatThrownBy(() -> SignedReadRequest.decode(asRead).verify(client.publicKey()))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void readSentUnderAnotherClientsName_isMalformed() {
    byte[] wire = SignedReadRequest.sign(read(Operation.LIST_KEYS, ""), client).encode();
    byte[] renamed = new CanonicalWriter().string("client-b").bytes(envelopeOf(wire)).toByteArray();
    assertThatThrownBy(() -> SignedReadRequest.decode(renamed).verify(client.publicKey()))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("signed for client client-a");
  }

  @Test
  void argumentOnlyForDescribeKey() {
    assertThatThrownBy(() -> read(Operation.LIST_KEYS, "payroll")).hasMessageContaining("takes no argument");
    assertThatThrownBy(() -> read(Operation.DESCRIBE_KEY, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mutatedSignedReads_failOnlyWithMalformedEncodingOrInvalidSignature() {
    List<byte[]> seeds = List.of(SignedReadRequest.sign(read(Operation.GET_STATUS, ""), client).encode(),
        SignedReadRequest.sign(read(Operation.DESCRIBE_KEY, "payroll"), client).encode());
    int rejected = Fuzz.run("SignedReadRequest.decode/verify", seeds,
        Set.of(MalformedEncodingException.class, InvalidSignatureException.class),
        wire -> SignedReadRequest.decode(wire).verify(client.publicKey()));
    assertThat(rejected).isPositive();
  }

  /** The envelope bytes inside a signed read's wire form (after the clear client id). */
  private static byte[] envelopeOf(byte[] wire) {
    CanonicalReader r = new CanonicalReader(wire);
    r.string("clientId", 128);
    return r.bytes("envelope", 4096);
  }
}
