package io.keyquorum.protocol.delivery;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import io.keyquorum.protocol.RequestDigest;
import java.util.Objects;

/**
 * For {@code delivery=orchestrator}: the client's signed statement "deliver the result of request
 * {@code requestDigest} to {@code clientRecipient}".
 *
 * <p>In orchestrator mode the signed request's recipient is the orchestrator's delivery key
 * (attestors seal shares to it), so the client's own recipient key travels here. The binding is
 * signed by the same client key as the request and names the request by digest, so both keys are
 * bound to one request: the orchestrator cannot be made to re-encrypt a result to a key the client
 * did not name, and a binding cannot be moved to another request. Signed under its own domain
 * tag, so it is never confused with a request.
 */
public record DeliveryBinding(RequestDigest requestDigest, HpkePublicKey clientRecipient) {
  public static final DomainTag TAG = new DomainTag("keyquorum/delivery-binding/v1");

  public DeliveryBinding {
    Objects.requireNonNull(requestDigest, "request digest");
    Objects.requireNonNull(clientRecipient, "client recipient");
  }

  public SignedEnvelope sign(Ed25519PrivateKey clientKey) {
    return SignedEnvelope.sign(TAG, encode(), clientKey);
  }

  /**
   * Verifies the client's signature, then parses.
   *
   * @throws io.keyquorum.crypto.InvalidSignatureException if the client did not sign it
   * @throws io.keyquorum.crypto.encoding.MalformedEncodingException if the body is malformed
   */
  public static DeliveryBinding open(SignedEnvelope envelope, Ed25519PublicKey clientKey) {
    CanonicalReader r = new CanonicalReader(envelope.open(TAG, clientKey));
    RequestDigest digest = RequestDigest.of(r.fixed("request digest", RequestDigest.LENGTH));
    HpkePublicKey recipient = HpkePublicKey.of(r.fixed("client recipient", HpkePublicKey.LENGTH));
    r.finish();
    return new DeliveryBinding(digest, recipient);
  }

  private byte[] encode() {
    return new CanonicalWriter()
        .fixed(requestDigest.bytes(), RequestDigest.LENGTH)
        .fixed(clientRecipient.raw(), HpkePublicKey.LENGTH)
        .toByteArray();
  }
}
