package io.keyquorum.orchestrator.testing;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.keyquorum.crypto.DecryptionFailedException;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.crypto.shamir.FeldmanCommitments;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.protocol.Attestation;
import io.keyquorum.protocol.DealSealing;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.QuorumCertificate;
import io.keyquorum.protocol.QuorumRefusedException;
import io.keyquorum.protocol.QuorumRule;
import io.keyquorum.protocol.ShareRelease;
import io.keyquorum.protocol.ShareSealing;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.KeyVersion;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.VersionStatus;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.ShareReceipt;
import io.keyquorum.registry.command.SignedCommand;
import io.keyquorum.rpc.v1.AttestRequest;
import io.keyquorum.rpc.v1.AttestResponse;
import io.keyquorum.rpc.v1.AttestorGrpc;
import io.keyquorum.rpc.v1.ReleaseRequest;
import io.keyquorum.rpc.v1.ReleaseResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An honest test attestor built only from protocol, registry and crypto classes (the real one is
 * the attestor module's). It verifies the client's signature and registration, freshness and
 * nonce reuse, the key's state; applies a replaceable rule; signs attestations (denials too);
 * releases its dealt share only against a certificate {@link QuorumRule} accepts with its own
 * attestation in it; and acks (or complains about) its dealt shares after a Feldman check.
 *
 * <p>{@link #byzantine} makes it release a wrong share, correctly signed and sealed.
 */
public final class TestAttestor extends AttestorGrpc.AttestorImplBase {
  /** A rule: empty to allow, or a denial explanation. */
  public interface Rule extends Function<KeyRequest, Optional<String>> {}

  public static final String RULE_NAME = "test-policy/deny-list";
  static final long SKEW_MILLIS = 5 * 60_000;
  static final long VALIDITY_MILLIS = 60_000;

  private final String id;
  private final Ed25519PrivateKey signingKey;
  private final HpkePrivateKey hpkeKey;
  private final RegistryView registry;
  private final SecureRandom random = new SecureRandom();
  private final Set<String> seenNonces = Collections.synchronizedSet(new HashSet<>());
  private final AtomicLong sequence = new AtomicLong();
  private volatile Rule rule = r -> Optional.empty();
  private volatile boolean byzantine;
  private volatile boolean acking = true;
  private volatile boolean silent;
  private volatile boolean complaining;
  private volatile List<String> problems = List.of();

  public TestAttestor(String id, Ed25519PrivateKey signingKey, HpkePrivateKey hpkeKey, RegistryView registry) {
    this.id = id;
    this.signingKey = signingKey;
    this.hpkeKey = hpkeKey;
    this.registry = registry;
  }

  /** For tests that sign registry commands as this attestor (an audit anchor, a forged one). */
  public Ed25519PrivateKey signingKey() {
    return signingKey;
  }

  public String id() {
    return id;
  }

  public void rule(Rule rule) {
    this.rule = rule;
  }

  public void byzantine(boolean on) {
    this.byzantine = on;
  }

  /** A complaining attestor files a complaint instead of an ack for every new deal. */
  public void complaining(boolean on) {
    this.complaining = on;
  }

  /** A silent attestor accepts calls to Attest and never answers them. */
  public void silent(boolean on) {
    this.silent = on;
  }

  public void acking(boolean on) {
    this.acking = on;
  }

  /** What its NodeHealth answer reports for the operator to fix (as a real attestor's broken local policy). */
  public void problems(List<String> problems) {
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  @Override
  public void attest(AttestRequest request, StreamObserver<AttestResponse> response) {
    if (silent) {
      return;
    }
    try {
      SignedKeyRequest signed = SignedKeyRequest.decode(request.getSignedRequest().toByteArray());
      RegistryState state = registry.state();
      KeyRequest kr = verify(state, signed);
      if (!seenNonces.add(java.util.HexFormat.of().formatHex(kr.nonce()))) {
        throw Status.INVALID_ARGUMENT.withDescription("nonce replayed").asRuntimeException();
      }
      KeyRecord key = key(state, kr);
      long version = kr.keyVersion() == 0 ? key.currentVersion().orElseThrow().version() : kr.keyVersion();
      Optional<String> denial = key.state() != KeyState.ENABLED ? Optional.of("key is " + key.state()) : rule.apply(kr);
      long now = System.currentTimeMillis();
      KeyVersion dealt = key.versions().get(version);
      Attestation a = new Attestation(state.governance().orElseThrow().genesisHash(), id, key.keyId(), version,
          state.height(), facts(dealt), signed.digest(), denial.isEmpty(),
          RULE_NAME, denial.orElse("no deny rule matched"), now, now + VALIDITY_MILLIS);
      response.onNext(AttestResponse.newBuilder()
          .setSignedAttestation(ByteString.copyFrom(SignedAttestation.sign(a, signingKey).encode())).build());
      response.onCompleted();
    } catch (io.grpc.StatusRuntimeException e) {
      response.onError(e);
    } catch (RuntimeException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
    try {
      SignedKeyRequest signed = SignedKeyRequest.decode(request.getSignedRequest().toByteArray());
      QuorumCertificate qc = QuorumCertificate.decode(request.getQuorumCertificate().toByteArray());
      RegistryState state = registry.state();
      KeyRequest kr = verify(state, signed);
      KeyRecord key = key(state, kr);
      long version = kr.keyVersion() == 0 ? key.currentVersion().orElseThrow().version() : kr.keyVersion();
      KeyVersion v = key.versions().get(version);
      var keys = new java.util.LinkedHashMap<String, io.keyquorum.crypto.Ed25519PublicKey>();
      v.deal().attestors().forEach(a -> keys.put(a, state.governance().orElseThrow().attestor(a).orElseThrow().signingKey()));
      new QuorumRule(state.governance().orElseThrow().genesisHash(), key.keyId(), version, keys, v.deal().threshold(), key.changedAtHeight())
          .check(qc, signed.digest(), System.currentTimeMillis(), Optional.of(id));
      int index = v.deal().shareIndexOf(id);
      Share share = openDealt(key.keyId(), v, index);
      if (byzantine) {
        share.destroy();
        share = Share.of(index, Scalar.randomNonZero(random));
      }
      SealedBox sealed;
      try (SecretBytes encoded = share.encode(SecretAccess.INSTANCE)) {
        sealed = Hpke.seal(kr.recipient(), ShareSealing.INFO,
            ShareSealing.aad(signed.digest(), id, key.keyId(), version, index), encoded);
      } finally {
        share.destroy();
      }
      ShareRelease release = new ShareRelease(id, key.keyId(), version, index, signed.digest(), sealed);
      SignedEnvelope envelope = SignedEnvelope.sign(ShareRelease.TAG, release.encode(), signingKey);
      response.onNext(ReleaseResponse.newBuilder()
          .setReleasePayload(ByteString.copyFrom(envelope.payload()))
          .setReleaseSignature(ByteString.copyFrom(envelope.signature())).build());
      response.onCompleted();
    } catch (QuorumRefusedException e) {
      response.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
    } catch (io.grpc.StatusRuntimeException e) {
      response.onError(e);
    } catch (RuntimeException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  /** What a real attestor signs about the version (epoch 0: membership is fixed at genesis). */
  static io.keyquorum.protocol.KeyVersionFacts facts(KeyVersion v) {
    if (v == null) {
      return io.keyquorum.protocol.KeyVersionFacts.UNKNOWN;
    }
    return new io.keyquorum.protocol.KeyVersionFacts(0, v.deal().threshold(), v.deal().attestors().size(),
        io.keyquorum.protocol.KeyVersionFacts.digestOf(v.deal().commitments().stream().map(c -> c.toByteArray()).toList()));
  }

  /** Acks (or complains about) every pending version that deals this attestor a share. */
  public void acknowledgeDeals() {
    if (!acking) {
      return;
    }
    RegistryState state = registry.state();
    List<SignedCommand> receipts = new ArrayList<>();
    for (KeyRecord key : state.keys().values()) {
      for (KeyVersion v : key.versions().values()) {
        int index = v.deal().shareIndexOf(id);
        if (v.status() != VersionStatus.PENDING || index == 0 || v.hasSpoken(id)) {
          continue;
        }
        CommandHeader header = new CommandHeader(state.governance().orElseThrow().networkId(),
            state.governance().orElseThrow().genesisHash(), id,
            Math.max(sequence.incrementAndGet(), state.sequences().getOrDefault(id, 0L) + 1));
        sequence.set(header.sequence());
        ShareReceipt receipt;
        try {
          openDealt(key.keyId(), v, index).destroy();
          if (complaining) {
            throw new IllegalArgumentException("test attestor told to complain");
          }
          receipt = ShareReceipt.ack(header, key.keyId(), v.version());
        } catch (IllegalArgumentException | DecryptionFailedException e) {
          receipt = ShareReceipt.complaint(header, key.keyId(), v.version(), e.getMessage());
        }
        receipts.add(SignedCommand.sign(receipt, signingKey));
      }
    }
    receipts.forEach(r -> registry.submit(r).join());
  }

  private Share openDealt(String keyId, KeyVersion v, int index) {
    SealedBox box = SealedBox.decode(v.deal().sealedShares().get(index - 1).toByteArray());
    Share share;
    try (SecretBytes encoded = Hpke.open(hpkeKey, box, DealSealing.INFO, DealSealing.aad(keyId, v.version(), id, index))) {
      share = Share.decode(encoded);
    }
    List<GroupElement> points = new ArrayList<>();
    v.deal().commitments().forEach(c -> points.add(GroupElement.decode(c.toByteArray())));
    if (share.index() != index || !new FeldmanCommitments(points).verifyShare(share)) {
      share.destroy();
      throw new IllegalArgumentException("share " + index + " fails its Feldman check");
    }
    return share;
  }

  private static KeyRequest verify(RegistryState state, SignedKeyRequest signed) {
    ClientRecord client = state.client(signed.claimedClientId()).filter(ClientRecord::enabled).orElseThrow(() ->
        Status.PERMISSION_DENIED.withDescription("unknown or disabled client").asRuntimeException());
    KeyRequest kr;
    try {
      kr = signed.verify(client.signingKey());
    } catch (InvalidSignatureException e) {
      throw Status.PERMISSION_DENIED.withDescription("bad client signature").asRuntimeException();
    }
    if (Math.abs(System.currentTimeMillis() - kr.issuedAtMillis()) > SKEW_MILLIS) {
      throw Status.INVALID_ARGUMENT.withDescription("request is stale").asRuntimeException();
    }
    return kr;
  }

  private static KeyRecord key(RegistryState state, KeyRequest kr) {
    return state.key(kr.keyRef()).or(() -> state.keyByAlias(kr.keyRef())).orElseThrow(() ->
        Status.NOT_FOUND.withDescription("no key " + kr.keyRef()).asRuntimeException());
  }
}
