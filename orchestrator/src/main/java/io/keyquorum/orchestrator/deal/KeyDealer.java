package io.keyquorum.orchestrator.deal;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SecretAccess;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.group.GroupElement;
import io.keyquorum.crypto.group.Scalar;
import io.keyquorum.crypto.hpke.Hpke;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import io.keyquorum.crypto.shamir.Shamir;
import io.keyquorum.crypto.shamir.Share;
import io.keyquorum.crypto.shamir.Sharing;
import io.keyquorum.crypto.shamir.Threshold;
import io.keyquorum.crypto.wrap.KeyWrap;
import io.keyquorum.orchestrator.OrchestratorIdentity;
import io.keyquorum.orchestrator.RegistryView;
import io.keyquorum.orchestrator.flow.OrchestratorException;
import io.keyquorum.protocol.DealSealing;
import io.keyquorum.protocol.delivery.ErrorKind;
import io.keyquorum.registry.Governance;
import io.keyquorum.registry.KeyRecord;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.ClientAuthorization;
import io.keyquorum.registry.command.ClientRecord;
import io.keyquorum.registry.command.CreateKey;
import io.keyquorum.registry.command.DealRequest;
import io.keyquorum.registry.command.KeyDeal;
import io.keyquorum.registry.command.RotateKey;
import io.keyquorum.registry.command.SignedCommand;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Deals keys (DESIGN §3, §6): for a client's signed {@link DealRequest}, picks a random non-zero
 * s, splits it over the requested attestors with t and Feldman commitments, wraps the material
 * (32 random bytes, or imported) under s, seals each share to its attestor's genesis HPKE key
 * under {@link DealSealing}, and commits {@code CreateKey}/{@code RotateKey} as the orchestrator.
 * It then waits until every attestor has acked (ACTIVE) or one has complained (FAILED).
 *
 * <p>Guarantee: s, every share and the material are zero-filled before a method returns,
 * whatever the outcome; only sealed shares, commitments and the wrapped material leave.
 */
public final class KeyDealer {
  /** Deal requests older or newer than this are refused, so a captured one cannot be replayed late. */
  public static final Duration MAX_REQUEST_AGE = Duration.ofMinutes(5);
  private static final byte[] NO_POLICY = new byte[32];

  private final RegistryView registry;
  private final OrchestratorIdentity identity;
  private final SecureRandom random;
  private final LongSupplier clock;
  private final DealAwaiter awaiter;

  public KeyDealer(RegistryView registry, OrchestratorIdentity identity, SecureRandom random, LongSupplier clock,
      Duration ackTimeout) {
    this.registry = registry;
    this.identity = identity;
    this.random = random;
    this.clock = clock;
    this.awaiter = new DealAwaiter(registry, ackTimeout);
  }

  /** Creates a key; returns its record once version 1 is ACTIVE. */
  public KeyRecord createKey(String clientId, SignedEnvelope signedRequest, String policyDocument,
      Optional<SecretBytes> imported) {
    RegistryState state = registry.state();
    DealRequest request = open(state, clientId, signedRequest, DealRequest.Kind.CREATE);
    byte[] digest = Blob.copyOf(policyDocument.getBytes(StandardCharsets.UTF_8)).sha256();
    if (!java.util.Arrays.equals(digest, request.policySha256())) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "policy document does not match the SHA-256 the client signed");
    }
    if (state.keyByAlias(request.keyRef()).isPresent() || state.key(request.keyRef()).isPresent()) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "alias " + request.keyRef() + " is taken");
    }
    requireThresholdBounds(state, request);
    String keyId = "key-" + HexFormat.of().formatHex(randomBytes(10));
    KeyDeal deal = deal(state, keyId, 1, request, imported);
    CreateKey command = new CreateKey(identity.nextHeader(state), keyId, request.keyRef(), deal, policyDocument,
        new ClientAuthorization(clientId, signedRequest));
    awaiter.submit(SignedCommand.sign(command, identity.signingKey()));
    return awaiter.awaitSettled(keyId, 1);
  }

  /** Adds version latest+1 to a key; returns its record once the new version is ACTIVE. */
  public KeyRecord rotateKey(String clientId, SignedEnvelope signedRequest, Optional<SecretBytes> imported) {
    RegistryState state = registry.state();
    DealRequest request = open(state, clientId, signedRequest, DealRequest.Kind.ROTATE);
    KeyRecord key = state.key(request.keyRef()).orElseThrow(() ->
        new OrchestratorException(ErrorKind.NOT_FOUND, "key " + request.keyRef() + " not found"));
    if (request.baseVersion() != key.latestVersion() || !java.util.Arrays.equals(request.policySha256(), NO_POLICY)) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "rotation request is for base version "
          + request.baseVersion() + "; " + key.keyId() + " is at v" + key.latestVersion());
    }
    boolean admin = state.client(clientId).map(c -> c.roles().contains(ClientRecord.ROLE_ADMIN)).orElse(false);
    if (!key.createdBy().equals(clientId) && !admin) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "client " + clientId + " did not create key "
          + key.keyId() + " and is not an admin; only its creator may rotate it");
    }
    requireThresholdBounds(state, request);
    long version = key.latestVersion() + 1;
    KeyDeal deal = deal(state, key.keyId(), version, request, imported);
    RotateKey command = new RotateKey(identity.nextHeader(state), key.keyId(), version, deal,
        new ClientAuthorization(clientId, signedRequest));
    awaiter.submit(SignedCommand.sign(command, identity.signingKey()));
    return awaiter.awaitSettled(key.keyId(), version);
  }

  private DealRequest open(RegistryState state, String clientId, SignedEnvelope signedRequest, DealRequest.Kind kind) {
    ClientRecord client = state.client(clientId).orElseThrow(() ->
        new OrchestratorException(ErrorKind.ACCESS_DENIED, "client " + clientId + " is not registered"));
    DealRequest request;
    try {
      request = DealRequest.parse(signedRequest.open(DealRequest.DOMAIN, client.signingKey()));
    } catch (InvalidSignatureException e) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED, "deal request is not signed by client " + clientId);
    } catch (IllegalArgumentException e) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "malformed deal request: " + e.getMessage());
    }
    io.keyquorum.crypto.GenesisHash network = state.governance().orElseThrow().genesisHash();
    if (!request.network().equals(network)) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "deal request is bound to genesis " + request.network()
          + "; this network's genesis is " + network);
    }
    if (!request.clientId().equals(clientId) || request.kind() != kind) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "deal request is a " + request.kind() + " by "
          + request.clientId() + ", expected a " + kind + " by " + clientId);
    }
    if (!client.mayDealKeys()) {
      throw new OrchestratorException(ErrorKind.ACCESS_DENIED,
          "client " + clientId + " is disabled or lacks role admin/key-creator");
    }
    long age = Math.abs(clock.getAsLong() - request.issuedAtMillis());
    if (age > MAX_REQUEST_AGE.toMillis()) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "deal request was issued " + age / 1000
          + " s from now; the limit is " + MAX_REQUEST_AGE.toSeconds() + " s");
    }
    return request;
  }

  /**
   * A courtesy with a clear message: every replica's state machine refuses the same deal
   * (KeyLifecycle), which is the guard; this only avoids dealing a key nobody would accept.
   */
  private static void requireThresholdBounds(RegistryState state, DealRequest request) {
    int f = state.governance().orElseThrow().f();
    if (request.threshold() < f + 1) {
      throw new OrchestratorException(ErrorKind.BAD_REQUEST, "threshold " + request.threshold() + " is below f+1 = "
          + (f + 1) + ": this network tolerates " + f + " faulty attestor(s), which must not hold enough shares to take the key");
    }
  }

  private KeyDeal deal(RegistryState state, String keyId, long version, DealRequest request,
      Optional<SecretBytes> imported) {
    Governance g = state.governance().orElseThrow();
    List<HpkePublicKey> recipients = new ArrayList<>();
    for (String id : request.attestors()) {
      recipients.add(HpkePublicKey.of(g.attestor(id).orElseThrow(() ->
          new OrchestratorException(ErrorKind.BAD_REQUEST, id + " is not a genesis attestor")).hpkeKey().toByteArray()));
    }
    Threshold threshold = new Threshold(request.threshold(), request.attestors().size());
    SecretBytes material = imported.map(m -> SecretBytes.copyOf(m.toByteArray(SecretAccess.INSTANCE)))
        .orElseGet(() -> SecretBytes.adopt(randomBytes(32)));
    try (material; SecretBytes s = Scalar.randomNonZero(random).toSecretBytes();
        Sharing sharing = Shamir.split(s, threshold, random)) {
      byte[] wrapped = KeyWrap.wrap(s, keyId, version, material, random);
      List<Blob> sealed = new ArrayList<>();
      for (int i = 0; i < request.attestors().size(); i++) {
        Share share = sharing.share(i + 1);
        try (SecretBytes encoded = share.encode(SecretAccess.INSTANCE)) {
          byte[] aad = DealSealing.aad(keyId, version, request.attestors().get(i), share.index());
          sealed.add(Blob.copyOf(Hpke.seal(recipients.get(i), DealSealing.INFO, aad, encoded).encode()));
        }
      }
      List<Blob> commitments = new ArrayList<>();
      for (GroupElement c : sharing.commitments().asList()) {
        commitments.add(Blob.copyOf(c.encode()));
      }
      return new KeyDeal(request.attestors(), request.threshold(), commitments, Blob.copyOf(wrapped), sealed);
    }
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
