package io.keyquorum.attestor;

import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.protocol.KeyRequest;
import io.keyquorum.protocol.RequestDigest;
import io.keyquorum.protocol.SignedKeyRequest;
import io.keyquorum.registry.RegistryState;
import io.keyquorum.registry.command.ClientRecord;

/**
 * A client request whose signature verified under the key the registry holds for that client,
 * from a client that is enabled, naming this network's genesis hash. Nothing in the body is
 * trusted before this.
 */
public record VerifiedRequest(SignedKeyRequest signed, KeyRequest request, ClientRecord client, RequestDigest digest) {

  /**
   * Parses the frame, looks up the claimed client, verifies the signature, then parses the body.
   *
   * @throws RefusedException MALFORMED, UNKNOWN_CLIENT, BAD_SIGNATURE, WRONG_NETWORK or CLIENT_DISABLED
   */
  public static VerifiedRequest verify(byte[] wire, RegistryState state) throws RefusedException {
    if (wire == null || wire.length == 0) {
      throw new RefusedException(Refusal.MALFORMED, "signed request is missing");
    }
    SignedKeyRequest signed;
    try {
      signed = SignedKeyRequest.decode(wire);
    } catch (IllegalArgumentException e) {
      throw new RefusedException(Refusal.MALFORMED, "malformed signed request: " + e.getMessage());
    }
    String clientId = signed.claimedClientId();
    ClientRecord client = state.client(clientId).orElseThrow(() -> new RefusedException(
        Refusal.UNKNOWN_CLIENT, "client " + clientId + " is not registered"));
    KeyRequest request;
    try {
      request = signed.verify(client.signingKey());
    } catch (InvalidSignatureException e) {
      throw new RefusedException(Refusal.BAD_SIGNATURE,
          "request signature does not verify under client " + clientId + "'s registered key");
    } catch (IllegalArgumentException e) {
      throw new RefusedException(Refusal.MALFORMED, "malformed request body: " + e.getMessage());
    }
    // A request signed for another network (where the same client id and key may be registered,
    // e.g. a test network beside production) is refused before anything else is judged.
    io.keyquorum.crypto.GenesisHash network = state.governance().orElseThrow().genesisHash();
    if (!request.network().equals(network)) {
      throw new RefusedException(Refusal.WRONG_NETWORK, "request is bound to genesis " + request.network()
          + "; this network's genesis is " + network);
    }
    if (!client.enabled()) {
      throw new RefusedException(Refusal.CLIENT_DISABLED, "client " + clientId + " is disabled");
    }
    return new VerifiedRequest(signed, request, client, signed.digest());
  }
}
