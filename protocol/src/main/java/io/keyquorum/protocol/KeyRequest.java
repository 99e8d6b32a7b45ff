package io.keyquorum.protocol;

import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.encoding.Utf8Order;
import io.keyquorum.crypto.hpke.HpkePublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a client asks for, exactly as it signs it (DESIGN §4 step 1).
 *
 * @param network the genesis hash of the network the client means; attestors of any other network
 *     refuse the request, so a signature made for a test network is never replayed into production
 * @param clientId the registered client making the request
 * @param keyRef a key id or alias
 * @param keyVersion the key version to use, or 0 for the current one (Decrypt names the blob's)
 * @param capabilities what the client wants to do; each must be allowed by policy
 * @param context the encryption context, bound into policy decisions and ciphertexts
 * @param recipient the X25519 key that shares or keys are sealed to; fresh per request
 * @param nonce fresh random bytes; attestors refuse a nonce seen inside the freshness window
 * @param issuedAtMillis the client's clock; attestors refuse it outside their allowed skew
 * @param delivery who rebuilds the key
 */
public record KeyRequest(
    GenesisHash network,
    String clientId,
    String keyRef,
    long keyVersion,
    Set<Capability> capabilities,
    Map<String, String> context,
    HpkePublicKey recipient,
    byte[] nonce,
    long issuedAtMillis,
    DeliveryMode delivery) {

  public KeyRequest {
    if (network == null || network.isNone()) {
      throw new IllegalArgumentException("a request must name its network's genesis hash");
    }
    RequestLimits.checkId("client id", clientId);
    RequestLimits.checkId("key id", keyRef);
    if (keyVersion < 0 || keyVersion > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("key version must be 0 (current) or a positive version, got " + keyVersion);
    }
    if (capabilities == null || capabilities.isEmpty()) {
      throw new IllegalArgumentException("a request must name at least one capability");
    }
    capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    // Canonical (UTF-8 byte) order, so iteration matches the signed encoding.
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(RequestLimits.checkContext(Map.copyOf(context)));
    context = Collections.unmodifiableMap(sorted);
    if (recipient == null) {
      throw new IllegalArgumentException("a request must name a recipient key");
    }
    if (nonce == null || nonce.length < RequestLimits.MIN_NONCE_BYTES || nonce.length > RequestLimits.MAX_NONCE_BYTES) {
      throw new IllegalArgumentException(
          "nonce must be " + RequestLimits.MIN_NONCE_BYTES + ".." + RequestLimits.MAX_NONCE_BYTES + " bytes");
    }
    nonce = nonce.clone();
    if (issuedAtMillis <= 0) {
      throw new IllegalArgumentException("issued-at time is missing");
    }
    if (delivery == null) {
      throw new IllegalArgumentException("delivery mode is missing");
    }
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  public List<String> capabilityNames() {
    List<String> names = new ArrayList<>();
    capabilities.forEach(c -> names.add(c.wireName()));
    return List.copyOf(names);
  }

  /**
   * What attestors judge this request as asking for: the capabilities it names, plus {@code
   * release} when {@code delivery=client}, because the client then receives t shares and the
   * wrapped material and rebuilds the key itself, whatever it named (DESIGN §10).
   */
  public Set<Capability> judgedCapabilities() {
    if (delivery != DeliveryMode.CLIENT) {
      return capabilities;
    }
    EnumSet<Capability> judged = EnumSet.copyOf(capabilities);
    judged.add(Capability.RELEASE);
    return Collections.unmodifiableSet(judged);
  }

  /** {@link #judgedCapabilities()} by wire name, in the enum's order. */
  public List<String> judgedCapabilityNames() {
    return judgedCapabilities().stream().map(Capability::wireName).toList();
  }

  byte[] encode() {
    return new CanonicalWriter()
        .fixed(network.bytes(), GenesisHash.LENGTH)
        .string(clientId)
        .string(keyRef)
        .u32(keyVersion)
        .strings(capabilityNames())
        .stringMap(context)
        .fixed(recipient.raw(), HpkePublicKey.LENGTH)
        .bytes(nonce)
        .u64(issuedAtMillis)
        .string(delivery.wireName())
        .toByteArray();
  }

  static KeyRequest decode(byte[] body) {
    CanonicalReader r = new CanonicalReader(body);
    try {
      GenesisHash network = GenesisHash.of(r.fixed("network", GenesisHash.LENGTH));
      String clientId = r.string("clientId", RequestLimits.MAX_ID_BYTES);
      String keyRef = r.string("keyId", RequestLimits.MAX_ID_BYTES);
      long version = r.u32("keyVersion");
      List<String> caps = r.strings("capabilities", Capability.values().length, 32);
      Map<String, String> context = r.stringMap(
          "context", RequestLimits.MAX_CONTEXT_ENTRIES, RequestLimits.MAX_CONTEXT_VALUE_BYTES);
      HpkePublicKey recipient = HpkePublicKey.of(r.fixed("recipient", HpkePublicKey.LENGTH));
      byte[] nonce = r.bytes("nonce", RequestLimits.MAX_NONCE_BYTES);
      long issuedAt = r.u64("issuedAt");
      DeliveryMode delivery = DeliveryMode.fromWire(r.string("delivery", 32));
      r.finish();
      Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
      for (String c : caps) {
        if (!capabilities.add(Capability.fromWire(c))) {
          throw new MalformedEncodingException("capabilities: \"" + c + "\" listed twice");
        }
      }
      return new KeyRequest(network, clientId, keyRef, version, capabilities, context, recipient, nonce, issuedAt, delivery);
    } catch (MalformedEncodingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("key request: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRequest other && Arrays.equals(encode(), other.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "KeyRequest[network=" + network + ", client=" + clientId + ", key=" + keyRef + ", version=" + keyVersion
        + ", capabilities=" + capabilityNames() + ", delivery=" + delivery.wireName() + "]";
  }
}
