package io.keyquorum.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a policy document from YAML or JSON (JSON when the first non-blank character is
 * <code>{</code>). Strict on purpose: unknown fields are errors, because a misspelt
 * {@code wen:} silently dropped would turn a conditional rule into an unconditional one.
 */
public final class PolicyDocumentParser {
  private static final String ON_ERROR = "onError";
  private static final Set<String> DOCUMENT_FIELDS = Set.of("policy", "rules");
  private static final Set<String> RULE_FIELDS = Set.of("effect", "capabilities", "when", "onError");
  private static final ObjectMapper JSON = strict(new ObjectMapper());
  private static final ObjectMapper YAML = strict(new ObjectMapper(yamlFactory()));

  private PolicyDocumentParser() {}

  /** Parses {@code bytes} (UTF-8) into a document, naming the field at fault on error. */
  public static PolicyDocument parse(byte[] bytes) throws InvalidPolicyException {
    if (bytes.length > PolicyLimits.MAX_DOCUMENT_BYTES) {
      throw new InvalidPolicyException(
          "policy document is " + bytes.length + " bytes; the limit is "
              + PolicyLimits.MAX_DOCUMENT_BYTES);
    }
    JsonNode root;
    try {
      root = (looksLikeJson(bytes) ? JSON : YAML).readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyException("policy document is not valid YAML/JSON: "
          + e.getOriginalMessage() + location(e));
    } catch (IOException e) {
      throw new InvalidPolicyException("policy document cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidPolicyException(
          "policy document must be a mapping with 'policy' and 'rules'");
    }
    rejectUnknown(root, DOCUMENT_FIELDS);
    String name = requiredText(root, "policy", "policy");
    JsonNode rulesNode = root.get("rules");
    if (rulesNode == null || !rulesNode.isArray()) {
      throw new InvalidPolicyException("rules: required, must be a list");
    }
    if (rulesNode.size() > PolicyLimits.MAX_RULES) {
      throw new InvalidPolicyException(
          "rules: at most " + PolicyLimits.MAX_RULES + " rules, got " + rulesNode.size());
    }
    List<PolicyRule> rules = new ArrayList<>(rulesNode.size());
    for (int i = 0; i < rulesNode.size(); i++) {
      try {
        rules.add(parseRule(i, rulesNode.get(i)));
      } catch (InvalidPolicyException e) {
        throw e.detail().startsWith(ON_ERROR + ":") ? locateValue(e, bytes, ON_ERROR)
            : locate(e, bytes, null);
      }
    }
    try {
      return new PolicyDocument(name, rules);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(e.getMessage());
    }
  }

  /**
   * Adds the document line of the faulty rule (or of its {@code field}) to {@code e}; for
   * errors found after parsing, such as a {@code when} that does not compile.
   */
  static InvalidPolicyException locate(InvalidPolicyException e, byte[] bytes, String field) {
    if (e.ruleIndex().isEmpty()) {
      return e;
    }
    ObjectMapper mapper = looksLikeJson(bytes) ? JSON : YAML;
    OptionalInt line = RuleLocator.lineOf(mapper, bytes, e.ruleIndex().getAsInt(), field);
    return line.isPresent() ? e.atDocumentLine(line.getAsInt()) : e;
  }

  /** The 1-based document line of {@code rules[ruleIndex].field}, or 0 when unknown. */
  static int lineOf(byte[] bytes, int ruleIndex, String field) {
    ObjectMapper mapper = looksLikeJson(bytes) ? JSON : YAML;
    return RuleLocator.lineOf(mapper, bytes, ruleIndex, field).orElse(0);
  }

  /** Adds the document line and column where {@code field}'s value starts to {@code e}. */
  private static InvalidPolicyException locateValue(
      InvalidPolicyException e, byte[] bytes, String field) {
    ObjectMapper mapper = looksLikeJson(bytes) ? JSON : YAML;
    RuleLocator.Position at =
        RuleLocator.positionOf(mapper, bytes, e.ruleIndex().getAsInt(), field);
    return at == null ? e : e.atDocumentPosition(at.line(), at.column());
  }

  private static PolicyRule parseRule(int index, JsonNode node) throws InvalidPolicyException {
    if (!node.isObject()) {
      throw new InvalidPolicyException(index, "must be a mapping with 'effect'");
    }
    try {
      rejectUnknown(node, RULE_FIELDS);
      String effectText = requiredText(node, "effect", "effect");
      Effect effect =
          switch (effectText) {
            case "allow" -> Effect.ALLOW;
            case "deny" -> Effect.DENY;
            default -> throw new InvalidPolicyException(
                "effect: must be 'allow' or 'deny', got '" + effectText + "'");
          };
      Set<String> capabilities = new LinkedHashSet<>();
      JsonNode caps = node.get("capabilities");
      if (caps != null) {
        if (!caps.isArray() || caps.isEmpty()) {
          throw new InvalidPolicyException(
              "capabilities: must be a non-empty list (omit it to mean every capability)");
        }
        for (JsonNode cap : caps) {
          if (!cap.isTextual() || !capabilities.add(cap.textValue())) {
            throw new InvalidPolicyException(
                "capabilities: entries must be distinct strings, got " + cap);
          }
        }
      }
      JsonNode when = node.get("when");
      if (when != null && !when.isTextual()) {
        throw new InvalidPolicyException("when: must be a string (a CEL expression)");
      }
      return new PolicyRule(effect, capabilities,
          when == null ? PolicyRule.ALWAYS : when.textValue(), onError(node.get(ON_ERROR), effect));
    } catch (InvalidPolicyException e) {
      throw new InvalidPolicyException(index, e.detail());
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(index, e.getMessage());
    }
  }

  private static OnError onError(JsonNode node, Effect effect) throws InvalidPolicyException {
    if (node == null) {
      return OnError.DENY;
    }
    String text = node.isTextual() ? node.textValue() : String.valueOf(node);
    if (effect != Effect.DENY) {
      throw new InvalidPolicyException(ON_ERROR + ": only deny rules take onError (an allow "
          + "rule whose condition errors never allows), got '" + text + "'");
    }
    return switch (text) {
      case "deny" -> OnError.DENY;
      case "skip" -> OnError.SKIP;
      default -> throw new InvalidPolicyException(
          ON_ERROR + ": must be 'deny' or 'skip', got '" + text + "'");
    };
  }

  private static void rejectUnknown(JsonNode node, Set<String> known)
      throws InvalidPolicyException {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!known.contains(field)) {
        throw new InvalidPolicyException(field + ": unknown field (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String requiredText(JsonNode node, String field, String path)
      throws InvalidPolicyException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidPolicyException(path + ": required, must be a string");
    }
    return value.textValue();
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return b == '{';
      }
    }
    return false;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr()
            + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static ObjectMapper strict(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // A second YAML document or trailing JSON must not ride along unread.
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions loader = new LoaderOptions();
    // No alias expansion bombs ("billion laughs") and no input past the document limit.
    loader.setMaxAliasesForCollections(10);
    loader.setCodePointLimit(PolicyLimits.MAX_DOCUMENT_BYTES);
    loader.setAllowDuplicateKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
        .build();
  }
}
