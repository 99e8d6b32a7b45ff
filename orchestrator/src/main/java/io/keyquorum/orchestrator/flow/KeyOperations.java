package io.keyquorum.orchestrator.flow;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePrivateKey;
import io.keyquorum.crypto.hpke.SealedBox;
import io.keyquorum.protocol.Capability;
import io.keyquorum.protocol.DeliveryMode;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.SignedAttestation;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.protocol.blob.BlobCipher;
import io.keyquorum.protocol.blob.CiphertextBlob;
import io.keyquorum.protocol.blob.InvalidCiphertextException;
import io.keyquorum.protocol.delivery.DeliveryBinding;
import io.keyquorum.protocol.delivery.DeliverySealing;
import io.keyquorum.protocol.delivery.DeliverySealing.Content;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.orchestrator.RegistryView;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four attested operations (ReleaseKey, GenerateDataKey, Decrypt, Encrypt) over the request
 * flow: resolve, attest, release, then rebuild here (delivery=orchestrator) or forward the sealed
 * shares (delivery=client).
 *
 * <p>Guarantees: in orchestrator mode every secret (shares, s, material, data keys, plaintexts)
 * is zero-filled before the method returns, and results leave only HPKE-sealed to the recipient
 * the client bound with a signed {@link DeliveryBinding}. In client mode this class never calls
 * {@link Hpke#open}: the shares are sealed to the client and forwarded as received.
 */
public final class KeyOperations {
  private static final Logger LOG = LoggerFactory.getLogger(KeyOperations.class);

  private final RegistryView registry;
  private final AttestorTransport transport;
  private final DeliveryKeys deliveryKeys;
  private final FlowSettings settings;
  private final SecureRandom random;
  private final LongSupplier clock;
  private final FlowMetrics metrics;
  private final KeyPolicyCheck keyPolicyCheck = new KeyPolicyCheck();

  public KeyOperations(RegistryView registry, AttestorTransport transport, DeliveryKeys deliveryKeys,
      FlowSettings settings, SecureRandom random, LongSupplier clock, FlowMetrics metrics) {
    this.registry = registry;
    this.transport = transport;
    this.deliveryKeys = deliveryKeys;
    this.settings = settings;
    this.random = random;
    this.clock = clock;
    this.metrics = metrics;
  }

  public OperationResult releaseKey(SignedKeyRequest signed, Optional<SignedEnvelope> binding) {
    return measured("release-key", () -> run(signed, binding, Capability.RELEASE, Optional.empty(),
        (request, key, material) -> new Outcome(Optional.of(material), Content.KEY_MATERIAL, Optional.empty())));
  }

  public OperationResult generateDataKey(SignedKeyRequest signed, Optional<SignedEnvelope> binding) {
    return measured("generate-data-key", () -> run(signed, binding, Capability.GENERATE_DATA_KEY, Optional.empty(),
        (request, key, material) -> {
          byte[] raw = new byte[32];
          random.nextBytes(raw);
          SecretBytes dataKey = SecretBytes.adopt(raw);
          try {
            CiphertextBlob blob = BlobCipher.seal(material, key.keyId(), key.keyVersion(), DeliveryMode.ORCHESTRATOR,
                request.context(), dataKey, random);
            return new Outcome(Optional.of(dataKey), Content.DATA_KEY, Optional.of(blob));
          } catch (RuntimeException e) {
            dataKey.destroy();
            throw e;
          }
        }));
  }

  public OperationResult decrypt(SignedKeyRequest signed, Optional<SignedEnvelope> binding, byte[] blobBytes) {
    return measured("decrypt", () -> {
      CiphertextBlob blob = CiphertextBlob.decode(blobBytes);
      return run(signed, binding, Capability.DECRYPT, Optional.of(blob), (request, key, material) -> {
        try {
          return new Outcome(Optional.of(BlobCipher.open(material, blob, request.context())), Content.PLAINTEXT,
              Optional.empty());
        } catch (InvalidCiphertextException e) {
          throw new OrchestratorException(ErrorKind.INVALID_CIPHERTEXT, e.getMessage());
        }
      });
    });
  }

  public OperationResult encrypt(SignedKeyRequest signed, Optional<SignedEnvelope> binding, byte[] plaintext) {
    if (plaintext.length > CiphertextBlob.MAX_PLAINTEXT) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST,
          "Encrypt takes at most " + CiphertextBlob.MAX_PLAINTEXT + " bytes; use a data key for " + plaintext.length);
    }
    return measured("encrypt", () -> run(signed, binding, Capability.ENCRYPT, Optional.empty(),
        (request, key, material) -> {
          try (SecretBytes pt = SecretBytes.copyOf(plaintext)) {
            CiphertextBlob blob = BlobCipher.seal(material, key.keyId(), key.keyVersion(), DeliveryMode.ORCHESTRATOR,
                request.context(), pt, random);
            return new Outcome(Optional.empty(), Content.PLAINTEXT, Optional.of(blob));
          }
        }));
  }

  /** What an operation makes from the key material: a secret to seal to the client, and/or a blob. */
  private record Outcome(Optional<SecretBytes> secret, Content content, Optional<CiphertextBlob> blob) {}

  @FunctionalInterface
  private interface MaterialUse {
    Outcome apply(KeyRequest request, ResolvedKey key, SecretBytes material);
  }

  private OperationResult run(SignedKeyRequest signed, Optional<SignedEnvelope> binding, Capability operation,
      Optional<CiphertextBlob> blob, MaterialUse use) {
    KeyResolver.Resolution resolution = KeyResolver.resolve(registry.state(), signed, operation);
    AllowCheck allowCheck = keyPolicyCheck.forRequest(registry::state, resolution);
    KeyRequest request = resolution.request();
    ResolvedKey key = resolution.key();
    if (blob.isPresent() && (!blob.get().keyId().equals(key.keyId()) || blob.get().keyVersion() != key.keyVersion())) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "ciphertext is for " + blob.get().keyId() + " v"
          + blob.get().keyVersion() + " but the request names " + key.keyId() + " v" + key.keyVersion());
    }
    if (request.delivery() == DeliveryMode.CLIENT) {
      keyPolicyCheck.clientDeliveryObjection(registry.state(), resolution, clock.getAsLong()).ifPresent(why -> {
        throw new OrchestratorException(ErrorKind.ACCESS_DENIED, why);
      });
      return forwardToClient(signed, key, allowCheck);
    }
    HpkePrivateKey deliveryKey = deliveryKeys.privateKeyFor(request.recipient()).orElseThrow(() ->
        new OrchestratorException(ErrorKind.BAD_REQUEST,
            "delivery=orchestrator requests must name this orchestrator's current delivery key as recipient"));
    // Our own copy: a rotation may destroy the shared key while this request still opens shares.
    try {
      return rebuildHere(signed, resolution, binding, deliveryKey, allowCheck, use);
    } finally {
      deliveryKey.destroy();
    }
  }

  private OperationResult rebuildHere(SignedKeyRequest signed, KeyResolver.Resolution resolution,
      Optional<SignedEnvelope> binding, HpkePrivateKey deliveryKey, AllowCheck allowCheck, MaterialUse use) {
    KeyRequest request = resolution.request();
    ResolvedKey key = resolution.key();
    DeliveryBinding target = binding(signed, resolution, binding);
    AttestationRound round = AttestationRound.start(key, signed, transport, settings.attestDeadline(), clock,
        allowCheck, metrics);
    List<Approval> quorum = awaitQuorum(round, key);
    ShareOpener<io.keyquorum.crypto.shamir.Share> opener = new OrchestratorShareOpener(key, round.digest(), deliveryKey);
    ReleaseRound.Collected<io.keyquorum.crypto.shamir.Share> collected =
        ReleaseRound.collect(key, signed, round, quorum, transport, opener, settings.releaseDeadline(), false, metrics);
    List<AttestorOutcome> excluded = report(round, collected.excluded());
    try (SecretBytes material = MaterialRebuild.rebuild(key, collected.good())) {
      Outcome outcome = use.apply(request, key, material);
      Optional<SealedBox> sealed = outcome.secret().map(secret -> {
        try (secret) {
          return Hpke.seal(target.clientRecipient(), DeliverySealing.INFO,
              DeliverySealing.aad(round.digest(), outcome.content()), secret);
        }
      });
      return new OperationResult(key.keyId(), key.keyVersion(), signedOf(collected.members()), sealed, outcome.blob(),
          Optional.empty(), excluded);
    } finally {
      collected.good().forEach(io.keyquorum.crypto.shamir.Share::destroy);
    }
  }

  private OperationResult forwardToClient(SignedKeyRequest signed, ResolvedKey key, AllowCheck allowCheck) {
    AttestationRound round = AttestationRound.start(key, signed, transport, settings.attestDeadline(), clock,
        allowCheck, metrics);
    List<Approval> quorum = awaitQuorum(round, key);
    // Client mode: the opener only passes releases on; nothing here can open them.
    ReleaseRound.Collected<VerifiedRelease> collected =
        ReleaseRound.collect(key, signed, round, quorum, transport, r -> r, settings.releaseDeadline(), true, metrics);
    List<AttestorOutcome> excluded = report(round, collected.excluded());
    byte[] commitments = key.commitments().encode();
    ClientShares shares = new ClientShares(collected.good(), commitments, key.deal().wrappedMaterial().toByteArray(),
        key.threshold(), key.attestors().size());
    return new OperationResult(key.keyId(), key.keyVersion(), signedOf(collected.members()), Optional.empty(),
        Optional.empty(), Optional.of(shares), excluded);
  }

  private DeliveryBinding binding(SignedKeyRequest signed, KeyResolver.Resolution resolution,
      Optional<SignedEnvelope> envelope) {
    SignedEnvelope e = envelope.orElseThrow(() -> new OrchestratorException(ErrorKind.BAD_REQUEST,
        "delivery=orchestrator needs a signed delivery binding naming the client's recipient key"));
    DeliveryBinding b;
    try {
      b = DeliveryBinding.open(e, resolution.client().signingKey());
    } catch (InvalidSignatureException ex) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "delivery binding is not signed by the requesting client");
    } catch (IllegalArgumentException ex) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "malformed delivery binding: " + ex.getMessage());
    }
    if (!b.requestDigest().equals(signed.digest())) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "delivery binding names another request");
    }
    return b;
  }

  private List<Approval> awaitQuorum(AttestationRound round, ResolvedKey key) {
    try {
      List<Approval> quorum = round.quorum().join();
      // The round verified each member already; checking the certificate with the attestors' own
      // rule too means a QC this orchestrator sends is one every honest attestor accepts.
      key.quorumRule().check(new io.keyquorum.protocol.QuorumCertificate(signedOf(quorum)), round.digest(),
          clock.getAsLong(), Optional.empty());
      return quorum;
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof OrchestratorException oe) {
        oe.attestors().forEach(o -> {
          if (o.status() != AttestorOutcome.Status.ALLOWED) {
            metrics.attestor(o.attestorId(), o.status().wireName());
          }
        });
        throw oe;
      }
      throw e;
    } catch (io.keyquorum.protocol.QuorumRefusedException e) {
      throw new OrchestratorException(ErrorKind.UNAVAILABLE, "collected quorum does not satisfy the quorum rule: "
          + e.getMessage());
    }
  }

  /**
   * Everyone a successful request left out for misbehaving: attestors whose release failed, and
   * those whose attestation was invalid (a replay, a forged allow...) as far as answers are in.
   * They are logged, counted and returned, so the client sees who misbehaved even on success.
   */
  private List<AttestorOutcome> report(AttestationRound round, List<AttestorOutcome> releaseExcluded) {
    List<AttestorOutcome> excluded = new ArrayList<>(releaseExcluded);
    Set<String> named = new HashSet<>();
    releaseExcluded.forEach(o -> named.add(o.attestorId()));
    for (AttestorOutcome o : round.outcomes()) {
      if (o.status() == AttestorOutcome.Status.INVALID && named.add(o.attestorId())) {
        excluded.add(o);
      }
    }
    for (AttestorOutcome o : excluded) {
      LOG.warn("excluded attestor {} from a request: {} ({})", o.attestorId(), o.status().wireName(), o.reason());
      metrics.attestor(o.attestorId(), o.status().wireName());
    }
    return excluded;
  }

  private static List<SignedAttestation> signedOf(List<Approval> approvals) {
    return approvals.stream().map(Approval::signed).toList();
  }

  private OperationResult measured(String operation, java.util.function.Supplier<OperationResult> body) {
    long start = System.nanoTime();
    try {
      OperationResult r = body.get();
      metrics.request(operation, "ok", System.nanoTime() - start);
      return r;
    } catch (OrchestratorException e) {
      metrics.request(operation, e.kind().wireName(), System.nanoTime() - start);
      throw e;
    } catch (InvalidCiphertextException e) {
      metrics.request(operation, ErrorKind.INVALID_CIPHERTEXT.wireName(), System.nanoTime() - start);
      throw new OrchestratorException(ErrorKind.INVALID_CIPHERTEXT, e.getMessage());
    }
  }
}
