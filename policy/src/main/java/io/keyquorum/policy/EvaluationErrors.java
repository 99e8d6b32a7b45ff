package io.keyquorum.policy;

import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns CEL evaluation errors into the same "line:column: message" form as compile errors. */
final class EvaluationErrors {
  // CEL reports the position as a code-point offset: "evaluation error at <input>:15: x".
  private static final Pattern AT_OFFSET =
      Pattern.compile("^evaluation error at [^:]*:(\\d+): (.*)$", Pattern.DOTALL);

  private EvaluationErrors() {}

  static String describe(CelEvaluationException e, String source) {
    String message = String.valueOf(e.getMessage());
    String code = e.getErrorCode().name();
    Matcher m = AT_OFFSET.matcher(message);
    if (!m.matches()) {
      return message + " (" + code + ")";
    }
    String detail = m.group(2);
    if ("ATTRIBUTE_NOT_FOUND".equals(code)) {
      detail = "no such key: " + detail;
    }
    return position(source, Integer.parseInt(m.group(1))) + ": " + detail + " (" + code + ")";
  }

  /** 1-based line:column of a code-point offset into {@code source}. */
  static String position(String source, int codePointOffset) {
    int line = 1;
    int column = 1;
    int seen = 0;
    for (int i = 0; i < source.length() && seen < codePointOffset; seen++) {
      int cp = source.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return line + ":" + column;
  }
}
