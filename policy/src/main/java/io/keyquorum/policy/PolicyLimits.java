package io.keyquorum.policy;

/**
 * Hard limits that bound what a policy author (who may be hostile, or careless) can make an
 * attestor do. Documents beyond them are rejected at load; evaluation beyond them stops with
 * an error for that rule. docs/POLICY.md lists the same numbers, and a test keeps them equal.
 */
public final class PolicyLimits {
  /** Largest policy document accepted, in bytes of YAML or JSON. */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
  /** Most rules in one document. */
  public static final int MAX_RULES = 100;
  /** Longest policy name, in characters. */
  public static final int MAX_NAME_LENGTH = 128;
  /** Most capabilities named by one rule. */
  public static final int MAX_RULE_CAPABILITIES = 32;
  /** Longest capability name, in characters. */
  public static final int MAX_CAPABILITY_LENGTH = 64;
  /** Longest {@code when} expression, in Unicode code points. */
  public static final int MAX_EXPRESSION_CODE_POINTS = 4096;
  /** Most AST nodes the parser builds for one expression. */
  public static final int MAX_EXPRESSION_NODES = 1000;
  /**
   * Deepest parser recursion (nested parentheses, calls, selections). Bounded well below what
   * would overflow the JVM stack, so a deep expression is an error, never a StackOverflowError.
   */
  public static final int MAX_NESTING_DEPTH = 32;
  /**
   * Total comprehension iterations ({@code all}, {@code exists}, {@code map}, {@code filter},
   * nested or not) one rule may run in one evaluation; this is the CEL cost limit.
   */
  public static final int MAX_COMPREHENSION_ITERATIONS = 1000;
  /** Largest compiled RE2 program a {@code matches()} regular expression may have. */
  public static final int MAX_REGEX_PROGRAM_SIZE = 256;

  private PolicyLimits() {}
}
