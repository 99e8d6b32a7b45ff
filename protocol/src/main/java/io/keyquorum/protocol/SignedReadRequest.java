package io.keyquorum.protocol;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;

/**
 * A {@link ReadRequest} as it travels: the client id in the clear (to find the key to verify with)
 * and the envelope, signed under its own domain tag so that no key request, deal request or other
 * signed statement can pass for a read, nor a read for one of them.
 */
public final class SignedReadRequest {
  public static final DomainTag TAG = new DomainTag("keyquorum/read-request/v1");
  private static final int MAX_BYTES = 4096;

  private final String clientId;
  private final SignedEnvelope envelope;

  private SignedReadRequest(String clientId, SignedEnvelope envelope) {
    this.clientId = RequestLimits.checkId("client id", clientId);
    this.envelope = envelope;
  }

  public static SignedReadRequest sign(ReadRequest request, Ed25519PrivateKey clientKey) {
    return new SignedReadRequest(request.clientId(), SignedEnvelope.sign(TAG, request.encode(), clientKey));
  }

  /** The unauthenticated client id, for looking up the key to verify with. */
  public String claimedClientId() {
    return clientId;
  }

  /**
   * Verifies the client's signature, then parses the body and checks it names the same client.
   *
   * @throws io.keyquorum.crypto.InvalidSignatureException if the signature is not the client's
   * @throws MalformedEncodingException if the signed body is malformed or names another client
   */
  public ReadRequest verify(Ed25519PublicKey clientKey) {
    ReadRequest request = ReadRequest.decode(envelope.open(TAG, clientKey));
    if (!request.clientId().equals(clientId)) {
      throw new MalformedEncodingException("read is signed for client " + request.clientId() + " but sent as " + clientId);
    }
    return request;
  }

  public byte[] encode() {
    return new CanonicalWriter().string(clientId).bytes(envelope.encode()).toByteArray();
  }

  public static SignedReadRequest decode(byte[] wire) {
    if (wire.length > MAX_BYTES) {
      throw new MalformedEncodingException("read request of " + wire.length + " bytes exceeds " + MAX_BYTES);
    }
    CanonicalReader r = new CanonicalReader(wire);
    String clientId = r.string("clientId", RequestLimits.MAX_ID_BYTES);
    SignedEnvelope envelope = SignedEnvelope.decode(r.bytes("read envelope", MAX_BYTES));
    r.finish();
    try {
      return new SignedReadRequest(clientId, envelope);
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("read request: " + e.getMessage());
    }
  }
}
