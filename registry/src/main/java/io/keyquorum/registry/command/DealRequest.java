package io.keyquorum.registry.command;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Arrays;
import java.util.List;

/**
 * A client's signed request that a key be created or rotated: the authorization that rides
 * inside {@link CreateKey} / {@link RotateKey} (DESIGN §6), so the orchestrator cannot deal keys
 * nobody asked for.
 *
 * <p>Replay: the request names its network's genesis hash, so it authorizes nothing on another
 * network; a create request names its alias (aliases are unique, so it authorizes one key);
 * a rotate request names the version it rotates from (so it authorizes one rotation). The
 * attestor set, threshold and (for create) the SHA-256 of the initial policy are bound too, so
 * the dealer cannot weaken what the client asked for. {@code issuedAtMillis} is for the
 * orchestrator's freshness check before it deals; the state machine ignores it. A rotate request
 * counts only if its client created the key or holds role admin, and every deal needs f+1 ≤ t ≤ n.
 */
public record DealRequest(
    GenesisHash network, String clientId, Kind kind, String keyRef, long baseVersion, List<String> attestors, int threshold,
    byte[] policySha256, long issuedAtMillis) {
  public static final DomainTag DOMAIN = new DomainTag("keyquorum/request/deal-key/v2");

  /** CREATE names an alias and base version 0; ROTATE names a key id and its latest version. */
  public enum Kind { CREATE, ROTATE }

  public DealRequest {
    if (network == null || network.isNone()) {
      throw new IllegalArgumentException("request must name its network's genesis hash");
    }
    Identifiers.requireId("request client id", clientId);
    java.util.Objects.requireNonNull(kind, "request kind");
    Identifiers.requireId(kind == Kind.CREATE ? "request alias" : "request key id", keyRef);
    if (kind == Kind.CREATE ? baseVersion != 0 : baseVersion < 1) {
      throw new IllegalArgumentException("request base version " + baseVersion + " is invalid for " + kind);
    }
    attestors = Fields.distinctIds("request attestors", attestors, Fields.MAX_ATTESTORS);
    if (threshold < 1 || threshold > attestors.size()) {
      throw new IllegalArgumentException("request threshold must be in 1.." + attestors.size() + ", got " + threshold);
    }
    if (policySha256 == null || policySha256.length != 32) {
      throw new IllegalArgumentException("request policy digest must be 32 bytes");
    }
    policySha256 = policySha256.clone();
  }

  @Override
  public byte[] policySha256() {
    return policySha256.clone();
  }

  public SignedEnvelope sign(Ed25519PrivateKey clientKey) {
    CanonicalWriter w = new CanonicalWriter();
    w.fixed(network.bytes(), GenesisHash.LENGTH).string(clientId).u8(kind.ordinal()).string(keyRef).u64(baseVersion).strings(attestors).u32(threshold)
        .fixed(policySha256, 32).u64(issuedAtMillis);
    return SignedEnvelope.sign(DOMAIN, w.toByteArray(), clientKey);
  }

  /** Parses a body that {@link SignedEnvelope#open} has already verified. */
  public static DealRequest parse(byte[] verifiedBody) {
    CanonicalReader r = new CanonicalReader(verifiedBody);
    GenesisHash network = GenesisHash.of(r.fixed("request network", GenesisHash.LENGTH));
    String client = Fields.id(r, "request client id");
    int kind = r.u8("request kind");
    if (kind >= Kind.values().length) {
      throw new MalformedEncodingException("request kind: unknown " + kind);
    }
    String ref = Fields.id(r, "request key reference");
    long base = r.u64("request base version");
    List<String> attestors = r.strings("request attestors", Fields.MAX_ATTESTORS, Identifiers.MAX_ID_LENGTH);
    long t = r.u32("request threshold");
    byte[] digest = r.fixed("request policy digest", 32);
    long issuedAt = r.u64("request issued at");
    r.finish();
    return new DealRequest(network, client, Kind.values()[kind], ref, base, attestors, (int) Math.min(t, Integer.MAX_VALUE), digest, issuedAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DealRequest d && network.equals(d.network) && clientId.equals(d.clientId) && kind == d.kind && keyRef.equals(d.keyRef)
        && baseVersion == d.baseVersion && attestors.equals(d.attestors) && threshold == d.threshold
        && Arrays.equals(policySha256, d.policySha256) && issuedAtMillis == d.issuedAtMillis;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(clientId, kind, keyRef, baseVersion, attestors, threshold, issuedAtMillis);
  }
}
