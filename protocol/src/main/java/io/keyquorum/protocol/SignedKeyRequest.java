package io.keyquorum.protocol;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;

/**
 * A key request as it travels: the client id in the clear (so a verifier knows whose key to
 * check) and the signed envelope. {@link #verify} checks the signature before parsing, then checks
 * that the signed body names the same client.
 */
public final class SignedKeyRequest {
  public static final DomainTag TAG = new DomainTag("keyquorum/key-request/v2");

  private final String clientId;
  private final SignedEnvelope envelope;

  private SignedKeyRequest(String clientId, SignedEnvelope envelope) {
    this.clientId = RequestLimits.checkId("client id", clientId);
    this.envelope = envelope;
  }

  public static SignedKeyRequest sign(KeyRequest request, Ed25519PrivateKey clientKey) {
    return new SignedKeyRequest(request.clientId(), SignedEnvelope.sign(TAG, request.encode(), clientKey));
  }

  /** The unauthenticated client id, for looking up the key to verify with. */
  public String claimedClientId() {
    return clientId;
  }

  /**
   * Verifies the client's signature and returns the request.
   *
   * @throws io.keyquorum.crypto.InvalidSignatureException if the signature is not the client's
   * @throws io.keyquorum.crypto.encoding.MalformedEncodingException if the signed body is malformed
   *     or names another client
   */
  public KeyRequest verify(Ed25519PublicKey clientKey) {
    KeyRequest request = KeyRequest.decode(envelope.open(TAG, clientKey));
    if (!request.clientId().equals(clientId)) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException(
          "request is signed for client " + request.clientId() + " but sent as " + clientId);
    }
    return request;
  }

  public RequestDigest digest() {
    return RequestDigest.ofPayload(envelope.payload());
  }

  public SignedEnvelope envelope() {
    return envelope;
  }

  public byte[] encode() {
    return new CanonicalWriter().string(clientId).bytes(envelope.encode()).toByteArray();
  }

  public static SignedKeyRequest decode(byte[] wire) {
    if (wire.length > RequestLimits.MAX_REQUEST_BYTES) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException(
          "request of " + wire.length + " bytes exceeds " + RequestLimits.MAX_REQUEST_BYTES);
    }
    CanonicalReader r = new CanonicalReader(wire);
    String clientId = r.string("clientId", RequestLimits.MAX_ID_BYTES);
    SignedEnvelope envelope = SignedEnvelope.decode(r.bytes("request envelope", RequestLimits.MAX_REQUEST_BYTES));
    r.finish();
    try {
      return new SignedKeyRequest(clientId, envelope);
    } catch (IllegalArgumentException e) {
      throw new io.keyquorum.crypto.encoding.MalformedEncodingException("request: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SignedKeyRequest[client=" + clientId + ", digest=" + digest() + "]";
  }
}
