package io.keyquorum.protocol;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;

/**
 * One attestor's signed judgement of one request (DESIGN §4 step 4). Denials are attested too,
 * so a client can keep them as evidence.
 *
 * @param network the genesis hash of the attestor's network; a quorum or client of another
 *     network refuses it, so an attestation never counts across networks
 * @param attestorId who judged
 * @param keyId the key the request resolved to (never an alias)
 * @param keyVersion the key version the request resolved to
 * @param registryHeight the committed registry height the attestor judged at; orchestrators refuse
 *     attestations from before a committed change to the key (revocation)
 * @param facts the version's membership epoch, t, n and commitments digest, from the
 *     attestor's own replica; clients take these from t agreeing attestations, never from the
 *     orchestrator
 * @param requestDigest the exact request judged
 * @param allow the decision
 * @param decidingRule the rule that decided, e.g. {@code key-policy/finance-only#2} or {@code
 *     default-deny}
 * @param explanation a bounded human-readable account of why
 */
public record Attestation(
    GenesisHash network,
    String attestorId,
    String keyId,
    long keyVersion,
    long registryHeight,
    KeyVersionFacts facts,
    RequestDigest requestDigest,
    boolean allow,
    String decidingRule,
    String explanation,
    long issuedAtMillis,
    long expiresAtMillis) {

  public Attestation {
    if (network == null || network.isNone()) {
      throw new IllegalArgumentException("an attestation must name its network's genesis hash");
    }
    RequestLimits.checkId("attestor id", attestorId);
    RequestLimits.checkId("key id", keyId);
    if (keyVersion < 1 || keyVersion > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("attested key version must be positive, got " + keyVersion);
    }
    if (registryHeight < 0) {
      throw new IllegalArgumentException("registry height must not be negative");
    }
    if (facts == null || (allow && !facts.isKnown())) {
      throw new IllegalArgumentException("an allowing attestation must state the version's t, n and commitments");
    }
    if (requestDigest == null) {
      throw new IllegalArgumentException("request digest is missing");
    }
    decidingRule = decidingRule == null ? "" : decidingRule;
    explanation = truncate(explanation == null ? "" : explanation);
    if (expiresAtMillis <= issuedAtMillis) {
      throw new IllegalArgumentException("attestation must expire after it is issued");
    }
  }

  /** True when the attestation is inside its validity window at {@code nowMillis}, with no clock skew. */
  public boolean isValidAt(long nowMillis) {
    return isValidAt(nowMillis, 0);
  }

  /**
   * True when the attestation is inside its validity window at {@code nowMillis} by a clock that may
   * run up to {@code clockSkewMillis} behind the attestor's that signed it: {@code issuedAt} was
   * read from another machine's clock, so "not yet issued" by a margin smaller than the skew is
   * clock disagreement, not a forgery. The expiry is never extended.
   */
  public boolean isValidAt(long nowMillis, long clockSkewMillis) {
    if (clockSkewMillis < 0) {
      throw new IllegalArgumentException("clock skew must not be negative");
    }
    return nowMillis >= issuedAtMillis - clockSkewMillis && nowMillis < expiresAtMillis;
  }

  byte[] encode() {
    CanonicalWriter w = new CanonicalWriter()
        .fixed(network.bytes(), GenesisHash.LENGTH)
        .string(attestorId)
        .string(keyId)
        .u32(keyVersion)
        .u64(registryHeight);
    facts.writeTo(w);
    return w
        .fixed(requestDigest.bytes(), RequestDigest.LENGTH)
        .bool(allow)
        .string(decidingRule)
        .string(explanation)
        .u64(issuedAtMillis)
        .u64(expiresAtMillis)
        .toByteArray();
  }

  static Attestation decode(byte[] body) {
    CanonicalReader r = new CanonicalReader(body);
    try {
      Attestation a = new Attestation(
          GenesisHash.of(r.fixed("network", GenesisHash.LENGTH)),
          r.string("attestorId", RequestLimits.MAX_ID_BYTES),
          r.string("keyId", RequestLimits.MAX_ID_BYTES),
          r.u32("keyVersion"),
          r.u64("registryHeight"),
          KeyVersionFacts.readFrom(r),
          RequestDigest.of(r.fixed("requestDigest", RequestDigest.LENGTH)),
          r.bool("allow"),
          r.string("decidingRule", RequestLimits.MAX_EXPLANATION_BYTES),
          r.string("explanation", RequestLimits.MAX_EXPLANATION_BYTES),
          r.u64("issuedAt"),
          r.u64("expiresAt"));
      r.finish();
      return a;
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("attestation: " + e.getMessage());
    }
  }

  private static String truncate(String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length <= RequestLimits.MAX_EXPLANATION_BYTES) {
      return s;
    }
    // Cut on a character boundary so the result stays valid UTF-8.
    int end = Math.min(s.length(), RequestLimits.MAX_EXPLANATION_BYTES / 4);
    return s.substring(0, end) + "…";
  }
}
