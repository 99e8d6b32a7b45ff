package io.keyquorum.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON form of a {@link PolicyInput}, shaped like the CEL variables:
 * <pre>{"request": {"keyId", "capabilities", "context", "delivery"?, "time"?},
 *  "client": {"id", "roles", "attributes"}, "attestor": {"id", "labels"}}</pre>
 * Unknown fields are rejected so that a misspelt field cannot silently go missing; every error
 * names the JSON path at fault, e.g. {@code request.context.dept: must be a string}.
 */
public final class PolicyInputReader {
  /** Request files are test fixtures, but still bounded. */
  public static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PolicyInputReader() {}

  public static PolicyInput read(byte[] json) throws InvalidPolicyInputException {
    if (json.length > MAX_INPUT_BYTES) {
      throw new InvalidPolicyInputException("request file exceeds " + MAX_INPUT_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")";
      throw new InvalidPolicyInputException("request file is not valid JSON: "
          + e.getOriginalMessage() + at);
    } catch (IOException e) {
      throw new InvalidPolicyInputException("request file cannot be read: " + e.getMessage());
    }
    JsonNode rootObject = object(root, "(root)", Set.of("request", "client", "attestor"));
    JsonNode request = object(rootObject.get("request"), "request",
        Set.of("keyId", "capabilities", "context", "delivery", "time"));
    JsonNode client =
        object(rootObject.get("client"), "client", Set.of("id", "roles", "attributes"));
    JsonNode attestor = object(rootObject.get("attestor"), "attestor", Set.of("id", "labels"));
    String keyId = text(request.get("keyId"), "request.keyId");
    List<String> capabilities = strings(request.get("capabilities"), "request.capabilities");
    Map<String, String> context = stringMap(request.get("context"), "request.context");
    Optional<Instant> time = time(request.get("time"));
    // Absent means orchestrator, the clients' default; client adds release (see RequestFacts).
    String delivery = request.get("delivery") == null ? RequestFacts.ORCHESTRATOR
        : text(request.get("delivery"), "request.delivery");
    String clientId = text(client.get("id"), "client.id");
    List<String> roles = strings(client.get("roles"), "client.roles");
    Map<String, String> attributes = stringMap(client.get("attributes"), "client.attributes");
    String attestorId = text(attestor.get("id"), "attestor.id");
    Map<String, String> labels = stringMap(attestor.get("labels"), "attestor.labels");
    RequestFacts requestFacts;
    ClientFacts clientFacts;
    AttestorFacts attestorFacts;
    // The records check what a type check cannot (empty ids, capability spelling); name the part.
    try {
      requestFacts = new RequestFacts(keyId, capabilities, context, delivery, time);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyInputException("request: " + e.getMessage());
    }
    try {
      clientFacts = new ClientFacts(clientId, roles, attributes);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyInputException("client: " + e.getMessage());
    }
    try {
      attestorFacts = new AttestorFacts(attestorId, labels);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyInputException("attestor: " + e.getMessage());
    }
    return new PolicyInput(requestFacts, clientFacts, attestorFacts);
  }

  private static JsonNode object(JsonNode node, String path, Set<String> known)
      throws InvalidPolicyInputException {
    if (node == null || !node.isObject()) {
      throw new InvalidPolicyInputException(path + ": required, must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidPolicyInputException(
            (path.equals("(root)") ? "" : path + ".") + name + ": unknown field");
      }
    }
    return node;
  }

  private static String text(JsonNode node, String path) throws InvalidPolicyInputException {
    if (node == null || !node.isTextual()) {
      throw new InvalidPolicyInputException(path + ": required, must be a string");
    }
    return node.textValue();
  }

  private static List<String> strings(JsonNode node, String path)
      throws InvalidPolicyInputException {
    if (node == null || !node.isArray()) {
      throw new InvalidPolicyInputException(path + ": required, must be a list of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(text(node.get(i), path + "[" + i + "]"));
    }
    return values;
  }

  private static Map<String, String> stringMap(JsonNode node, String path)
      throws InvalidPolicyInputException {
    if (node == null || !node.isObject()) {
      throw new InvalidPolicyInputException(path + ": required, must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      values.put(entry.getKey(), text(entry.getValue(), path + "." + entry.getKey()));
    }
    return values;
  }

  private static Optional<Instant> time(JsonNode node) throws InvalidPolicyInputException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String text = text(node, "request.time");
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new InvalidPolicyInputException(
          "request.time: must be an RFC 3339 UTC timestamp like 2026-12-01T10:00:00Z, got '"
              + text + "'");
    }
  }
}
