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

  /** The 1-based line of {@code rules[ruleIndex].field}, else of the rule, else empty. */
  static OptionalInt lineOf(ObjectMapper mapper, byte[] document, int ruleIndex, String field) {
    try (JsonParser parser = mapper.getFactory().createParser(document)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return OptionalInt.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("rules".equals(name) && value == JsonToken.START_ARRAY) {
          return inRules(parser, ruleIndex, field);
        }
        parser.skipChildren();
      }
      return OptionalInt.empty();
    } catch (IOException e) {
      // The document already parsed once; if it cannot be scanned now, report no line.
      return OptionalInt.empty();
    }
  }

  private static OptionalInt inRules(JsonParser parser, int ruleIndex, String field)
      throws IOException {
    int index = 0;
    for (JsonToken token = parser.nextToken();
        token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (index++ < ruleIndex) {
        parser.skipChildren();
        continue;
      }
      int ruleLine = parser.currentTokenLocation().getLineNr();
      if (token == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (name.equals(field)) {
            return OptionalInt.of(parser.currentTokenLocation().getLineNr());
          }
          parser.skipChildren();
        }
      }
      return OptionalInt.of(ruleLine);
    }
    return OptionalInt.empty();
  }
}
