package io.keyquorum.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.protocol.RequestLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where and as whom a client connects, loaded from JSON:
 *
 * <pre>
 * { "endpoint": "kq.example:7400", "caCert": "ca.pem", "genesisHash": "64 hex digits",
 *   "clientId": "payments-api", "identityKey": "payments-api.key", "orchestratorId": "orchestrator" }
 * </pre>
 *
 * {@code genesisHash} pins the network (written by {@code kq network init} and {@code kq dev}):
 * the client signs it into every request and accepts attestor keys only from the genesis it names,
 * so neither the orchestrator nor another network's attestors can stand in for this network's.
 * {@code orchestratorId} (optional) is the node id the orchestrator's certificate must name
 * (default {@value #DEFAULT_ORCHESTRATOR_ID}, the id {@code kq network init} gives it); the
 * certificate must also match the endpoint's host.
 *
 * Relative paths resolve against the profile's directory. The identity key file holds the
 * client's 32-byte Ed25519 seed as 64 hex digits. Unknown fields are refused, so a typo does not
 * silently fall back to a default.
 */
public record ClientProfile(String endpoint, Path caCert, GenesisHash genesisHash, String clientId, Path identityKey,
    String orchestratorId) {
  /** The orchestrator's node id when a profile names none: what {@code kq network init} issues. */
  public static final String DEFAULT_ORCHESTRATOR_ID = "orchestrator";

  /** A profile for the orchestrator named {@value #DEFAULT_ORCHESTRATOR_ID}. */
  public ClientProfile(String endpoint, Path caCert, GenesisHash genesisHash, String clientId, Path identityKey) {
    this(endpoint, caCert, genesisHash, clientId, identityKey, DEFAULT_ORCHESTRATOR_ID);
  }

  public ClientProfile {
    if (endpoint == null || endpoint.lastIndexOf(':') <= 0) {
      throw new IllegalArgumentException("profile endpoint must be host:port, got " + endpoint);
    }
    port(endpoint);
    if (genesisHash == null || genesisHash.isNone()) {
      throw new IllegalArgumentException("profile needs the network's genesisHash");
    }
    if (caCert == null || identityKey == null) {
      throw new IllegalArgumentException("profile needs caCert and identityKey paths");
    }
    RequestLimits.checkId("profile clientId", clientId);
    RequestLimits.checkId("profile orchestratorId", orchestratorId);
  }

  public String host() {
    return endpoint.substring(0, endpoint.lastIndexOf(':'));
  }

  public int port() {
    return port(endpoint);
  }

  private static int port(String endpoint) {
    try {
      int p = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("profile endpoint has no valid port: " + endpoint);
    }
  }

  private record Json(String endpoint, String caCert, String genesisHash, String clientId, String identityKey) {
    @JsonCreator
    Json(@JsonProperty(value = "endpoint", required = true) String endpoint,
        @JsonProperty(value = "caCert", required = true) String caCert,
        @JsonProperty(value = "genesisHash", required = true) String genesisHash,
        @JsonProperty(value = "clientId", required = true) String clientId,
        @JsonProperty(value = "identityKey", required = true) String identityKey) {
      this.endpoint = endpoint;
      this.caCert = caCert;
      this.genesisHash = genesisHash;
      this.clientId = clientId;
      this.identityKey = identityKey;
    }
  }

  /** Loads a JSON profile; the exception names the file and the bad field. */
  public static ClientProfile load(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    Json json;
    String orchestratorId = DEFAULT_ORCHESTRATOR_ID;
    try {
      JsonNode tree = mapper.readTree(file.toFile());
      // Optional, so read apart from the required fields (which must not be null).
      if (tree instanceof ObjectNode object && object.has("orchestratorId")) {
        orchestratorId = object.remove("orchestratorId").asText(null);
      }
      json = mapper.treeToValue(tree, Json.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("client profile " + file + ": " + e.getOriginalMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    GenesisHash genesis;
    try {
      genesis = GenesisHash.fromHex(json.genesisHash());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("client profile " + file + ": genesisHash: " + e.getMessage(), e);
    }
    return new ClientProfile(json.endpoint(), dir.resolve(json.caCert()), genesis, json.clientId(),
        dir.resolve(json.identityKey()), orchestratorId);
  }

  /** Reads the identity key (64 hex digits of Ed25519 seed); the read buffers are zero-filled. */
  public Ed25519PrivateKey readIdentityKey() throws IOException {
    byte[] raw = Files.readAllBytes(identityKey);
    char[] hex = new String(raw, StandardCharsets.US_ASCII).trim().toCharArray();
    Arrays.fill(raw, (byte) 0);
    try {
      if (hex.length != 64) {
        throw new IllegalArgumentException("identity key " + identityKey + " must be 64 hex digits (a 32-byte Ed25519 seed)");
      }
      byte[] seed = new byte[32];
      for (int i = 0; i < 32; i++) {
        seed[i] = (byte) ((HexFormat.fromHexDigit(hex[2 * i]) << 4) | HexFormat.fromHexDigit(hex[2 * i + 1]));
      }
      return Ed25519PrivateKey.fromSeed(SecretBytes.adopt(seed));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("identity key " + identityKey + " is not hex");
    } finally {
      Arrays.fill(hex, '\0');
    }
  }
}
