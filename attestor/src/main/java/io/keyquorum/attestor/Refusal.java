package io.keyquorum.attestor;

/**
 * Why an attestor would not answer a request with a signed statement. Refusals are for requests
 * that cannot be attributed, parsed or honoured at all; a request from a known client for a
 * resolvable key is answered with a signed attestation instead, allow or deny.
 */
public enum Refusal {
  /** The bytes do not parse, or break a limit. */
  MALFORMED,
  /** The claimed client is not registered. */
  UNKNOWN_CLIENT,
  /** The signature is not the claimed client's. */
  BAD_SIGNATURE,
  /** The request is signed for another network (another genesis hash). */
  WRONG_NETWORK,
  /** The client is registered but disabled. */
  CLIENT_DISABLED,
  /** The request's timestamp is outside the allowed clock skew. */
  STALE,
  /** The nonce was seen inside the freshness window. */
  REPLAY,
  /** No key has this id or alias. */
  UNKNOWN_KEY,
  /**
   * The registry has no genesis yet, this node is not one of its attestors, or its custody (a
   * PKCS#11 token) cannot be used now.
   */
  NOT_READY,
  /** Release: no quorum certificate, or one that does not authorise this release. */
  QUORUM_REFUSED,
  /** Release: the key or version may not be used now. */
  KEY_UNUSABLE,
  /**
   * Release: the client no longer stands where the quorum judged it: a role or attribute removed
   * since, so the key policy (or local policy) now denies the request.
   */
  STANDING_CHANGED,
  /** Release: this attestor already released its share for this request. */
  ALREADY_RELEASED,
  /** Release: this attestor holds no share for the version. */
  NO_SHARE
}
