package io.keyquorum.protocol;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.Locale;
import java.util.Objects;

/**
 * A client's request to read registry metadata from the orchestrator (DescribeKey, ListKeys,
 * GetStatus). Signed like a key request, so only registered clients learn which keys, aliases,
 * policies and attestors exist; the operation and its argument are inside the signature, so one
 * signed read cannot be used for another, and the genesis hash binds it to one network.
 *
 * @param clientId the requesting client, as registered
 * @param operation which read
 * @param argument the key id or alias for DescribeKey; empty for the others
 * @param network the network's genesis hash, so a read signed for one network is refused by another
 * @param nonce fresh random bytes: with {@code issuedAtMillis}, makes each signed read usable once
 * @param issuedAtMillis when the client signed it
 */
public record ReadRequest(String clientId, Operation operation, String argument, GenesisHash network, byte[] nonce,
    long issuedAtMillis) {

  /** The reads that need a signature. */
  public enum Operation {
    DESCRIBE_KEY, LIST_KEYS, GET_STATUS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Operation fromWire(String name) {
      for (Operation o : values()) {
        if (o.wireName().equals(name)) {
          return o;
        }
      }
      throw new MalformedEncodingException("unknown read operation \"" + name + "\"");
    }
  }

  public ReadRequest {
    RequestLimits.checkId("client id", clientId);
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(argument, "argument");
    if (operation == Operation.DESCRIBE_KEY) {
      RequestLimits.checkId("key reference", argument);
    } else if (!argument.isEmpty()) {
      throw new IllegalArgumentException(operation.wireName() + " takes no argument");
    }
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(nonce, "nonce");
    if (nonce.length < RequestLimits.MIN_NONCE_BYTES || nonce.length > RequestLimits.MAX_NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be " + RequestLimits.MIN_NONCE_BYTES + ".."
          + RequestLimits.MAX_NONCE_BYTES + " bytes");
    }
    nonce = nonce.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  public byte[] encode() {
    return new CanonicalWriter().string(clientId).string(operation.wireName()).string(argument)
        .fixed(network.bytes(), GenesisHash.LENGTH)
        .bytes(nonce).u64(issuedAtMillis).toByteArray();
  }

  public static ReadRequest decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    String clientId = r.string("clientId", RequestLimits.MAX_ID_BYTES);
    Operation operation = Operation.fromWire(r.string("operation", 32));
    String argument = r.string("argument", RequestLimits.MAX_ID_BYTES);
    GenesisHash network = GenesisHash.of(r.fixed("network", GenesisHash.LENGTH));
    byte[] nonce = r.bytes("nonce", RequestLimits.MAX_NONCE_BYTES);
    long issuedAt = r.u64("issuedAtMillis");
    r.finish();
    try {
      return new ReadRequest(clientId, operation, argument, network, nonce, issuedAt);
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("read request: " + e.getMessage());
    }
  }
}
