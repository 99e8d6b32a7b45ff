package io.keyquorum.e2e.byzantine;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.keyquorum.attestor.AttestorIdentity;
import io.keyquorum.attestor.AttestorNode;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attestor whose answers on the wire a test controls: served by an {@link
 * io.keyquorum.e2e.AttestorFront} at the node's genesis address, it asks the real {@link
 * AttestorNode} (real identity, real share, real registry replica) behind it and, once told to
 * misbehave, is a Byzantine attestor and corrupts its answers as {@link Misbehaviour} says.
 * Everything it sends is signed with the node's genuine identity key, so only semantic checks —
 * Feldman, request digests, the key policy, the quorum rule, size limits — can catch it. Installed
 * with {@code E2eCluster.start(root, Map.of(id, byz::front))}, then {@link #arm}ed with the node's
 * identity once the cluster runs.
 */
final class ByzantineAttestor extends AttestorGrpc.AttestorImplBase {
  /** Over the orchestrator's 4 MiB inbound limit. */
  static final int OVERSIZED_BYTES = 5 * 1024 * 1024;

  private final SecureRandom random = new SecureRandom();
  private volatile AttestorGrpc.AttestorBlockingStub honest;
  private volatile AttestorIdentity identity;
  private volatile AttestorNode node;
  private volatile Misbehaviour behaviour = Misbehaviour.HONEST;
  private volatile Duration attestDelay = Duration.ZERO;
  private volatile Duration releaseDelay = Duration.ZERO;
  private volatile AttestResponse lastAttestation;
  private volatile ReleaseResponse lastRelease;

  /** The service the node's {@code AttestorFront} serves: keeps the stub to the real node, serves this. */
  BindableService front(AttestorGrpc.AttestorBlockingStub realNode) {
    this.honest = realNode;
    return this;
  }

  /** Gives this stand-in the node's own keys and replica (what a compromised node's owner has). */
  void arm(AttestorIdentity identity, AttestorNode node) {
    this.identity = identity;
    this.node = node;
  }

  /** Back to forwarding every answer unchanged and on time. */
  void reset() {
    behaviour = Misbehaviour.HONEST;
    attestDelay = Duration.ZERO;
    releaseDelay = Duration.ZERO;
  }

  void behave(Misbehaviour misbehaviour) {
    this.behaviour = Objects.requireNonNull(misbehaviour);
  }

  /**
   * Holds back this node's Attest answers (honest or not) by {@code delay}. Tests slow some honest
   * nodes so that the orchestrator's first t approvals must include a Byzantine one, which it then
   * asks for a release (or so that a Byzantine answer is in before the round ends); without this,
   * which t answer first is a race.
   */
  void delayAttestations(Duration delay) {
    this.attestDelay = Objects.requireNonNull(delay);
  }

  /** Holds back this node's Release answers by {@code delay}, so late approvals are in by then. */
  void delayReleases(Duration delay) {
    this.releaseDelay = Objects.requireNonNull(delay);
  }

  /** True once an honest phase recorded an attestation and a release to replay later. */
  boolean hasRecordedAttestation() {
    return lastAttestation != null;
  }

  boolean hasRecordedRelease() {
    return lastRelease != null;
  }

  void closeIdentity() {
    if (identity != null) {
      identity.close();
    }
  }

  @Override
  public void attest(AttestRequest request, StreamObserver<AttestResponse> response) {
    Misbehaviour now = behaviour;
    if (now == Misbehaviour.REPLAY_ATTESTATION && lastAttestation != null) {
      reply(response, lastAttestation);
      return;
    }
    if (now == Misbehaviour.OVERSIZED_ATTESTATION) {
      reply(response, AttestResponse.newBuilder().setSignedAttestation(junk()).build());
      return;
    }
    AttestResponse answer;
    try {
      answer = honest.attest(request);
    } catch (StatusRuntimeException e) {
      response.onError(e); // the real node's refusal, status and trailers unchanged
      return;
    }
    if (now == Misbehaviour.HONEST) {
      lastAttestation = answer;
    } else if (now == Misbehaviour.ALLOW_DESPITE_DENY) {
      answer = forgeAllow(answer);
    }
    replyAfter(attestDelay, response, answer);
  }

  @Override
  public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
    Misbehaviour now = behaviour;
    if (now == Misbehaviour.REPLAY_RELEASE && lastRelease != null) {
      reply(response, lastRelease);
      return;
    }
    if (now == Misbehaviour.OVERSIZED_RELEASE) {
      reply(response, ReleaseResponse.newBuilder().setReleasePayload(junk()).setReleaseSignature(junk()).build());
      return;
    }
    ReleaseResponse answer;
    try {
      answer = honest.release(request);
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    if (now == Misbehaviour.HONEST) {
      lastRelease = answer;
    } else if (now == Misbehaviour.WRONG_SHARE) {
      answer = wrongShare(request, answer);
    }
    replyAfter(releaseDelay, response, answer);
  }

  /** The same judgement with allow flipped on, re-signed with the node's real key. */
  private AttestResponse forgeAllow(AttestResponse real) {
    SignedAttestation signed = SignedAttestation.decode(real.getSignedAttestation().toByteArray());
    Attestation a = signed.verify(identity.signingKey().publicKey());
    if (a.allow()) {
      return real;
    }
    Attestation forged = new Attestation(a.network(), a.attestorId(), a.keyId(), a.keyVersion(), a.registryHeight(),
        a.facts(), a.requestDigest(), true, "key-policy/allow-all#0", "forged allow", a.issuedAtMillis(), a.expiresAtMillis());
    return AttestResponse.newBuilder()
        .setSignedAttestation(ByteString.copyFrom(SignedAttestation.sign(forged, identity.signingKey()).encode()))
        .build();
  }

  /**
   * The honest release with its sealed share swapped for a random share at the same index, sealed
   * to the request's recipient under the same AAD and signed by the node: it opens, decodes and
   * carries the right index, and fails only the Feldman check.
   */
  private ReleaseResponse wrongShare(ReleaseRequest request, ReleaseResponse real) {
    ShareRelease honestRelease = ShareRelease.decode(SignedEnvelope.of(real.getReleasePayload().toByteArray(),
        real.getReleaseSignature().toByteArray()).open(ShareRelease.TAG, identity.signingKey().publicKey()));
    SignedKeyRequest signed = SignedKeyRequest.decode(request.getSignedRequest().toByteArray());
    KeyRequest keyRequest = signed.verify(node.registryState().client(signed.claimedClientId()).orElseThrow()
        .signingKey());
    SealedBox sealed;
    try (Share bogus = Share.of(honestRelease.shareIndex(), Scalar.randomNonZero(random));
        SecretBytes plain = bogus.encode(SecretAccess.INSTANCE)) {
      sealed = Hpke.seal(keyRequest.recipient(), ShareSealing.INFO, ShareSealing.aad(honestRelease.requestDigest(),
          honestRelease.attestorId(), honestRelease.keyId(), honestRelease.keyVersion(), honestRelease.shareIndex()),
          plain);
    }
    ShareRelease forged = new ShareRelease(honestRelease.attestorId(), honestRelease.keyId(),
        honestRelease.keyVersion(), honestRelease.shareIndex(), honestRelease.requestDigest(), sealed);
    SignedEnvelope envelope = SignedEnvelope.sign(ShareRelease.TAG, forged.encode(), identity.signingKey());
    return ReleaseResponse.newBuilder().setReleasePayload(ByteString.copyFrom(envelope.payload()))
        .setReleaseSignature(ByteString.copyFrom(envelope.signature())).build();
  }

  private static ByteString junk() {
    return ByteString.copyFrom(new byte[OVERSIZED_BYTES]);
  }

  /** Answers after {@code delay} on a timer thread, so a delay never holds a server thread. */
  private static <T> void replyAfter(Duration delay, StreamObserver<T> response, T value) {
    if (delay.isZero()) {
      reply(response, value);
    } else {
      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> reply(response, value));
    }
  }

  private static <T> void reply(StreamObserver<T> response, T value) {
    response.onNext(value);
    response.onCompleted();
  }
}
