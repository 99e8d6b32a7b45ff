package io.keyquorum.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * Finds where rule {@code i} (or one of its fields) sits in a document's text, so that errors
 * found after parsing can still name a document line. Used only on the error path: the
 * document is scanned again as a token stream, because the parsed tree keeps no positions.
 */
final class RuleLocator {
  private RuleLocator() {}

  /** A 1-based line and column in a document's text. */
  record Position(int line, int column) {}

  /** The 1-based line of {@code rules[ruleIndex].field}, else of the rule, else empty. */
  static OptionalInt lineOf(ObjectMapper mapper, byte[] document, int ruleIndex, String field) {
    Position at = positionOf(mapper, document, ruleIndex, field);
    return at == null ? OptionalInt.empty() : OptionalInt.of(at.line());
  }

  /**
   * Where the value of {@code rules[ruleIndex].field} starts, else where the rule starts, else
   * null.
   */
  static Position positionOf(ObjectMapper mapper, byte[] document, int ruleIndex, String field) {
    try (JsonParser parser = mapper.getFactory().createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("rules".equals(name) && value == JsonToken.START_ARRAY) {
          return inRules(parser, ruleIndex, field);
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      // The document already parsed once; if it cannot be scanned now, report no line.
      return null;
    }
  }

  private static Position inRules(JsonParser parser, int ruleIndex, String field)
      throws IOException {
    int index = 0;
    for (JsonToken token = parser.nextToken();
        token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (index++ < ruleIndex) {
        parser.skipChildren();
        continue;
      }
      Position rule = at(parser);
      if (token == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (name.equals(field)) {
            return at(parser);
          }
          parser.skipChildren();
        }
      }
      return rule;
    }
    return null;
  }

  private static Position at(JsonParser parser) {
    return new Position(parser.currentTokenLocation().getLineNr(),
        parser.currentTokenLocation().getColumnNr());
  }
}
