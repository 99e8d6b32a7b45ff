package io.keyquorum.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.fuzz.Fuzz;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.protocol.blob.BlobCipher;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing of every protocol decoder, from seeds made by the real encoders (docs/FUZZING.md). */
class ProtocolFuzzTest {
  private static final Set<Class<? extends Throwable>> DECODE_ERRORS =
      Set.of(MalformedEncodingException.class, InvalidSignatureException.class);
  private final Ed25519PrivateKey client = Fixtures.signer(11);
  private final Ed25519PrivateKey attestor = Fixtures.signer(12);

  @Test
  void mutatedCiphertextBlobs_failOnlyWithInvalidCiphertext() {
    Map<String, String> context = Map.of("tenant", "acme");
    SecretBytes material = SecretBytes.copyOf(new byte[32]);
    List<byte[]> seeds = List.of(
        BlobCipher.seal(material, "key-1", 3, io.keyquorum.protocol.DeliveryMode.ORCHESTRATOR, context, SecretBytes.copyOf(new byte[0]), Fixtures.random(1)).encode(),
        BlobCipher.seal(material, "key-1", 3, io.keyquorum.protocol.DeliveryMode.ORCHESTRATOR, context, SecretBytes.copyOf(new byte[100]), Fixtures.random(2)).encode());
    int rejected = Fuzz.run("CiphertextBlob.decode + BlobCipher.open", seeds, Set.of(InvalidCiphertextException.class),
        wire -> BlobCipher.open(material, CiphertextBlob.decode(wire), context).destroy());
    assertThat(rejected).isPositive();
  }

  @Test
  void mutatedSignedKeyRequests_failOnlyWithMalformedEncodingOrInvalidSignature() {
    List<byte[]> seeds = List.of(
        SignedKeyRequest.sign(Fixtures.request("client-a", Map.of()), client).encode(),
        SignedKeyRequest.sign(Fixtures.request("client-a", Map.of("tenant", "acme", "env", "prod")), client).encode());
    int rejected = Fuzz.run("SignedKeyRequest.decode/verify", seeds, DECODE_ERRORS,
        wire -> SignedKeyRequest.decode(wire).verify(client.publicKey()));
    assertThat(rejected).isPositive();
  }

  @Test
  void mutatedKeyRequestBodies_failOnlyWithMalformedEncoding() {
    List<byte[]> seeds = List.of(
        Fixtures.request("client-a", Map.of()).encode(),
        Fixtures.request("client-a", Map.of("tenant", "acme")).encode());
    Fuzz.run("KeyRequest.decode", seeds, Set.of(MalformedEncodingException.class), KeyRequest::decode);
  }

  @Test
  void mutatedSignedAttestations_failOnlyWithMalformedEncodingOrInvalidSignature() {
    List<byte[]> seeds = List.of(attestation("attestor-1").encode(), attestation("attestor-2").encode());
    int rejected = Fuzz.run("SignedAttestation.decode/verify", seeds, DECODE_ERRORS,
        wire -> SignedAttestation.decode(wire).verify(attestor.publicKey()));
    assertThat(rejected).isPositive();
  }

  @Test
  void mutatedQuorumCertificates_failOnlyWithMalformedEncodingOrInvalidSignature() {
    List<byte[]> seeds = List.of(
        new QuorumCertificate(List.of(attestation("attestor-1"))).encode(),
        new QuorumCertificate(List.of(attestation("attestor-1"), attestation("attestor-2"))).encode());
    Fuzz.run("QuorumCertificate.decode", seeds, DECODE_ERRORS, wire -> {
      for (SignedAttestation a : QuorumCertificate.decode(wire).attestations()) {
        a.verify(attestor.publicKey());
      }
    });
  }

  @Test
  void mutatedShareReleases_failOnlyWithMalformedEncoding() {
    RequestDigest digest = SignedKeyRequest.sign(Fixtures.request("client-a", Map.of()), client).digest();
    HpkePrivateKey recipient = HpkePrivateKey.generate(Fixtures.random(5));
    byte[] aad = ShareSealing.aad(digest, "attestor-1", "key-1", 1, 2);
    ShareRelease release = new ShareRelease("attestor-1", "key-1", 1, 2, digest,
        Hpke.seal(recipient.publicKey(), ShareSealing.INFO, aad, new byte[33]));
    Fuzz.run("ShareRelease.decode", List.of(release.encode()), Set.of(MalformedEncodingException.class),
        ShareRelease::decode);
  }

  private SignedAttestation attestation(String attestorId) {
    RequestDigest digest = SignedKeyRequest.sign(Fixtures.request("client-a", Map.of()), client).digest();
    return SignedAttestation.sign(Fixtures.allow(attestorId, digest), attestor);
  }
}
