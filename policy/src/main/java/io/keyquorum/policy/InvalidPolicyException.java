package io.keyquorum.policy;

import java.util.OptionalInt;

/**
 * A policy document was refused at load or upload: it is malformed, over a limit, or one of
 * its {@code when} expressions does not compile. The message names the rule index (when the
 * fault is in a rule), the document line of that rule or its {@code when} (when the document's
 * text is known), and, for CEL errors, the line:column inside the expression, e.g.
 * {@code rule 2 (line 9): when 1:17: undeclared reference to 'nope'}.
 */
public final class InvalidPolicyException extends Exception {
  private final int ruleIndex;
  private final int documentLine;
  private final int documentColumn;
  private final String detail;

  /** A fault in the document as a whole (size, syntax, name, rule count). */
  public InvalidPolicyException(String detail) {
    this(-1, 0, 0, detail);
  }

  /** A fault in rule {@code ruleIndex} (0-based). */
  public InvalidPolicyException(int ruleIndex, String detail) {
    this(requireIndex(ruleIndex), 0, 0, detail);
  }

  private InvalidPolicyException(int ruleIndex, int documentLine, int documentColumn,
      String detail) {
    super(message(ruleIndex, documentLine, documentColumn, detail));
    this.ruleIndex = ruleIndex;
    this.documentLine = documentLine;
    this.documentColumn = documentColumn;
    this.detail = detail;
  }

  /** The same fault, located at 1-based {@code line} of the document's text. */
  InvalidPolicyException atDocumentLine(int line) {
    return atDocumentPosition(line, 0);
  }

  /** The same fault, located at 1-based {@code line} and {@code column} (0: unknown). */
  InvalidPolicyException atDocumentPosition(int line, int column) {
    return ruleIndex < 0 || line <= 0
        ? this : new InvalidPolicyException(ruleIndex, line, Math.max(column, 0), detail);
  }

  /** The 0-based index of the faulty rule, empty when the fault is in the document as a whole. */
  public OptionalInt ruleIndex() {
    return ruleIndex < 0 ? OptionalInt.empty() : OptionalInt.of(ruleIndex);
  }

  /** The 1-based document line of the faulty rule or its {@code when}, when known. */
  public OptionalInt documentLine() {
    return documentLine <= 0 ? OptionalInt.empty() : OptionalInt.of(documentLine);
  }

  /** The fault itself, without the rule and line prefix. */
  public String detail() {
    return detail;
  }

  private static int requireIndex(int ruleIndex) {
    if (ruleIndex < 0) {
      throw new IllegalArgumentException("rule index must be >= 0");
    }
    return ruleIndex;
  }

  private static String message(int ruleIndex, int documentLine, int documentColumn,
      String detail) {
    if (ruleIndex < 0) {
      return detail;
    }
    String at = documentLine <= 0 ? ""
        : " (line " + documentLine + (documentColumn > 0 ? ", column " + documentColumn : "") + ")";
    return "rule " + ruleIndex + at + ": " + detail;
  }
}
