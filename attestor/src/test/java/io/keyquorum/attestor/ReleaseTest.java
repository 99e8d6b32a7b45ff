package io.keyquorum.attestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.grpc.Status;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.shamir.Reconstruction;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Release: the happy path rebuilds the key; every way a quorum certificate can be wrong is refused. */
class ReleaseTest extends ThreeAttestors {
  @Test
  void happyPath_quorumReleasesSharesThatRebuildTheKey() {
    TestNet.Req req = net.request("payments");
    List<SignedAttestation> all = new ArrayList<>();
    for (String id : IDS) {
      SignedAttestation a = attest(id, req);
      Attestation body = verified(a);
      assertThat(body.allow()).isTrue();
      assertThat(body.keyId()).isEqualTo("k1");
      assertThat(body.keyVersion()).isEqualTo(1);
      assertThat(body.requestDigest()).isEqualTo(req.signed().digest());
      assertThat(body.decidingRule()).startsWith("key-policy/allow-all#0");
      assertThat(body.expiresAtMillis() - body.issuedAtMillis()).isEqualTo(60_000);
      assertThat(body.registryHeight()).isEqualTo(nodes.get(id).registryState().height());
      all.add(a);
    }
    QuorumCertificate qc = new QuorumCertificate(all);
    List<Share> shares = new ArrayList<>();
    for (String id : IDS) {
      ReleaseResponse r = release(id, req, Optional.of(qc));
      byte[] body = SignedEnvelope.of(r.getReleasePayload().toByteArray(), r.getReleaseSignature().toByteArray())
          .open(ShareRelease.TAG, net.identities.get(id).signingKey().publicKey());
      ShareRelease release = ShareRelease.decode(body);
      assertThat(release.attestorId()).isEqualTo(id);
      assertThat(release.requestDigest()).isEqualTo(req.signed().digest());
      try (SecretBytes plain = Hpke.open(req.recipient(), release.sealedShare(), ShareSealing.INFO,
          ShareSealing.aad(req.signed().digest(), id, "k1", 1, release.shareIndex()))) {
        shares.add(Share.decode(plain));
      }
    }
    try (Reconstruction rebuilt = Shamir.combineVerified(shares, k1.commitments(), k1.threshold());
        SecretBytes material = KeyWrap.unwrap(rebuilt.secret(), "k1", 1, k1.wrapped())) {
      assertThat(rebuilt.badIndices()).isEmpty();
      assertThat(material.equalsConstantTime(SecretBytes.copyOf(k1.material()))).isTrue();
    }
  }

  @Test
  void quorumJudgedBeforeAPolicyChange_isRefused() {
    log.submit(net.createKey("k-rev", "rev", IDS, 2, TestNet.ALLOW_ALL).command().encode()).join();
    awaitState("k-rev", KeyState.ENABLED);
    TestNet.Req req = net.request("rev");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    log.submit(net.updatePolicy("k-rev", 1, FINANCE_ONLY).encode()).join();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.values().stream().allMatch(
        n -> n.registryState().policy("k-rev").map(p -> p.version() == 2).orElse(false)));
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "before the key's last change");
    // The new policy applies at once, with no rotation.
    assertThat(verified(attest("attestor-1", net.request("rev"))).decidingRule())
        .isEqualTo("key-policy/finance-only/default-deny");
  }

  @Test
  void garbageQuorumCertificate_isRefusedAsMalformed() {
    TestNet.Req req = net.request("payments");
    attest("attestor-1", req);
    ReleaseRequest garbage = ReleaseRequest.newBuilder().setSignedRequest(ByteString.copyFrom(req.bytes()))
        .setQuorumCertificate(ByteString.copyFrom(new byte[] {0, 0, 0, 9, 1, 2, 3})).build();
    refused(() -> net.stub(channels.get("attestor-1")).release(garbage), Status.Code.INVALID_ARGUMENT,
        "MALFORMED", "quorum certificate");
  }

  @Test
  void releaseWithoutQuorumCertificate_isRefused() {
    TestNet.Req req = net.request("payments");
    attest("attestor-1", req);
    refused(() -> release("attestor-1", req, Optional.empty()), Status.Code.PERMISSION_DENIED,
        "QUORUM_REFUSED", "requires a quorum certificate");
  }

  @Test
  void quorumWithTooFewMembers_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req)));
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "has 1 attestations; 2 needed");
  }

  @Test
  void quorumWithADuplicateAttestor_isRefused() {
    TestNet.Req req = net.request("payments");
    SignedAttestation a1 = attest("attestor-1", req);
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(List.of(a1, a1)))),
        Status.Code.PERMISSION_DENIED, "attestor-1 appears twice");
  }

  @Test
  void quorumForAnotherRequest_isRefused() {
    TestNet.Req first = net.request("payments");
    TestNet.Req second = net.request("payments");
    QuorumCertificate forFirst = new QuorumCertificate(List.of(attest("attestor-1", first), attest("attestor-2", first)));
    attest("attestor-1", second);
    refused(() -> release("attestor-1", second, Optional.of(forFirst)), Status.Code.PERMISSION_DENIED,
        "is for another request");
  }

  @Test
  void quorumWithAnExpiredAttestation_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    clock.advanceMillis(61_000);
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED, "expired");
  }

  @Test
  void quorumWithAnAttestationFromAnotherNetwork_isRefused() {
    // attestor-2 also serves network A with the same identity; its attestation there, for the same
    // request digest, carries a valid signature but must not count in a quorum here.
    TestNet.Req req = net.request("payments");
    SignedAttestation a1 = attest("attestor-1", req);
    io.keyquorum.protocol.Attestation real = verified(attest("attestor-2", req));
    io.keyquorum.crypto.GenesisHash networkA = io.keyquorum.crypto.GenesisHash.ofPayload(new byte[] {'A'});
    SignedAttestation fromA = SignedAttestation.sign(new io.keyquorum.protocol.Attestation(networkA, real.attestorId(),
        real.keyId(), real.keyVersion(), real.registryHeight(), real.facts(), real.requestDigest(), true,
        real.decidingRule(), "", real.issuedAtMillis(), real.expiresAtMillis()),
        net.identities.get("attestor-2").signingKey());
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(List.of(a1, fromA)))),
        Status.Code.PERMISSION_DENIED, "attestation from attestor-2 is for network " + networkA);
  }

  @Test
  void quorumWithAForgedSignature_isRefused() {
    TestNet.Req req = net.request("payments");
    SignedAttestation a1 = attest("attestor-1", req);
    SignedAttestation a2 = attest("attestor-2", req);
    byte[] sig = a2.signature();
    sig[0] ^= 1;
    SignedAttestation forged = SignedAttestation.of("attestor-2", a2.payload(), sig);
    refused(() -> release("attestor-1", req, Optional.of(new QuorumCertificate(List.of(a1, forged)))),
        Status.Code.PERMISSION_DENIED, "attestation from attestor-2 is invalid");
  }

  @Test
  void quorumWithoutThisAttestorsOwnAttestation_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    refused(() -> release("attestor-3", req, Optional.of(qc)), Status.Code.PERMISSION_DENIED,
        "lacks this attestor's (attestor-3) own attestation");
  }

  @Test
  void secondReleaseForTheSameRequest_isRefused() {
    TestNet.Req req = net.request("payments");
    QuorumCertificate qc = new QuorumCertificate(List.of(attest("attestor-1", req), attest("attestor-2", req)));
    assertThat(release("attestor-1", req, Optional.of(qc)).getReleasePayload().isEmpty()).isFalse();
    refused(() -> release("attestor-1", req, Optional.of(qc)), Status.Code.FAILED_PRECONDITION, "ALREADY_RELEASED");
  }

}
