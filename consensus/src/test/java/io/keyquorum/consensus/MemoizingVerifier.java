package io.keyquorum.consensus;

import io.keyquorum.crypto.DomainTag;
import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Real Ed25519 verification, memoised on the exact (tag, key, payload, signature) bytes. Shared by
 * all simulated nodes of one scenario so that a signature checked by seven nodes costs one check;
 * a forged or altered signature is different bytes and is verified for real.
 */
final class MemoizingVerifier implements SignatureVerifier {
  private final Map<ByteBuffer, Object> results = new HashMap<>();
  long realChecks;

  @Override
  public byte[] open(SignedEnvelope envelope, DomainTag expected, Ed25519PublicKey signer) {
    byte[] tag = expected.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteBuffer key = ByteBuffer.wrap(concat(tag, signer.raw(), envelope.encode()));
    Object r = results.get(key);
    if (r == null) {
      realChecks++;
      try {
        r = envelope.open(expected, signer);
      } catch (InvalidSignatureException e) {
        r = e.getMessage();
      }
      results.put(key, r);
    }
    if (r instanceof String reason) {
      throw new InvalidSignatureException(reason);
    }
    return ((byte[]) r).clone();
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length + 4;
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    for (byte[] p : parts) {
      b.putInt(p.length).put(p);
    }
    return b.array();
  }
}
