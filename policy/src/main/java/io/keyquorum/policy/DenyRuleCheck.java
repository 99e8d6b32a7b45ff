package io.keyquorum.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warns about the parts of a deny rule's condition that can error on what a client sends, since
 * an error decides the rule without its condition: it denies ({@code onError: deny}) or skips the
 * rule ({@code onError: skip}). A lint over the checked CEL AST, not a proof. It finds:
 *
 * <ul>
 *   <li>a map read, {@code m["k"]} or {@code m.k}, with no guard {@code "k" in m} or
 *       {@code has(m.k)} on the same map and key anywhere in the condition (a guard anywhere
 *       counts, even one that does not protect the read, e.g. across an {@code ||});
 *   <li>a map or list index that is not a literal (except a comprehension's own variable), which
 *       no guard can be matched with, and a list read at a fixed index ({@code client.roles[0]});
 *   <li>a conversion {@code int}, {@code uint}, {@code double}, {@code bool}, {@code timestamp}
 *       or {@code duration} of a string, double or dyn value that is not a literal: its input may
 *       not convert ({@code int("1e9")}) or may overflow.
 * </ul>
 */
final class DenyRuleCheck {
  private static final Set<String> CONVERSIONS =
      Set.of("int", "uint", "double", "bool", "timestamp", "duration");
  private static final Set<CelKind> UNSAFE_TO_CONVERT =
      Set.of(CelKind.STRING, CelKind.DOUBLE, CelKind.DYN);
  private static final Set<String> VARIABLES = Set.of("request", "client", "attestor");

  private record Guard(String map, String key) {}

  private DenyRuleCheck() {}

  /** The warnings for rule {@code index}; none unless it is a deny rule. */
  static List<PolicyWarning> check(int index, PolicyRule rule, CelAbstractSyntaxTree ast) {
    if (rule.effect() != Effect.DENY) {
      return List.of();
    }
    List<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().toList();
    Set<Guard> guards = new HashSet<>();
    for (CelNavigableExpr node : nodes) {
      guardOf(node.expr()).ifPresent(guards::add);
    }
    String consequence = rule.onError() == OnError.DENY
        ? "; if it errors, this deny rule denies (onError: deny)"
        : "; if it errors, this deny rule is skipped and does not deny (onError: skip)";
    List<CelExpr> found = new ArrayList<>();
    for (CelNavigableExpr node : nodes) {
      if (finding(ast, node.expr(), guards) != null) {
        found.add(node.expr());
      }
    }
    // In reading order, as the author sees the expression.
    found.sort(Comparator.comparingInt(e -> offset(ast, e)));
    List<PolicyWarning> warnings = new ArrayList<>(found.size());
    for (CelExpr e : found) {
      warnings.add(new PolicyWarning(index, 0,
          position(ast, e, rule.when()) + finding(ast, e, guards) + consequence));
    }
    return List.copyOf(warnings);
  }

  private static Optional<Guard> guardOf(CelExpr e) {
    if (e.getKind() == Kind.SELECT && e.select().testOnly()) {
      String map = path(e.select().operand());
      return map == null ? Optional.empty()
          : Optional.of(new Guard(map, e.select().field()));
    }
    if (e.getKind() == Kind.CALL && e.call().function().equals("@in")
        && e.call().args().size() == 2) {
      String key = stringLiteral(e.call().args().get(0));
      String map = path(e.call().args().get(1));
      return key == null || map == null ? Optional.empty()
          : Optional.of(new Guard(map, key));
    }
    return Optional.empty();
  }

  /** What is unsafe about {@code e}, or null. */
  private static String finding(CelAbstractSyntaxTree ast, CelExpr e, Set<Guard> guards) {
    if (e.getKind() == Kind.SELECT && !e.select().testOnly()
        && kindOf(ast, e.select().operand()) == CelKind.MAP) {
      return unguarded(path(e.select().operand()), e.select().field(), "." + e.select().field(),
          guards);
    }
    if (e.getKind() != Kind.CALL) {
      return null;
    }
    List<CelExpr> args = e.call().args();
    String function = e.call().function();
    if (function.equals("_[_]") && args.size() == 2) {
      CelExpr container = args.get(0);
      CelExpr key = args.get(1);
      String containerText = path(container) == null ? "a value" : path(container);
      if (kindOf(ast, container) == CelKind.MAP && stringLiteral(key) != null) {
        return unguarded(path(container), stringLiteral(key),
            "[\"" + stringLiteral(key) + "\"]", guards);
      }
      if (kindOf(ast, container) == CelKind.LIST && key.getKind() == Kind.CONSTANT) {
        return containerText + "[...] is read at a fixed index, which a shorter list lacks";
      }
      if (key.getKind() == Kind.CONSTANT || isIterationVariable(key)) {
        return null;
      }
      return containerText + "[...] is read with a computed index, which no guard can cover";
    }
    if (CONVERSIONS.contains(function) && e.call().target().isEmpty() && args.size() == 1) {
      CelExpr arg = args.get(0);
      if (arg.getKind() != Kind.CONSTANT && UNSAFE_TO_CONVERT.contains(kindOf(ast, arg))) {
        return function + "(...) converts a value that may not convert (e.g. \"1e9\", \"\", "
            + "or out of range)";
      }
    }
    return null;
  }

  private static String unguarded(String map, String key, String access, Set<Guard> guards) {
    if (map != null && guards.contains(new Guard(map, key))) {
      return null;
    }
    String shown = map == null ? "a map" + access : map + access;
    return shown + " is read without a guard (\"" + key + "\" in " + (map == null ? "the map" : map)
        + " or has(...)), so a request without that key makes the condition error";
  }

  private static boolean isIterationVariable(CelExpr e) {
    return e.getKind() == Kind.IDENT && !VARIABLES.contains(e.ident().name());
  }

  /** {@code request.context} for an identifier or field chain, else null. */
  private static String path(CelExpr e) {
    if (e.getKind() == Kind.IDENT) {
      return e.ident().name();
    }
    if (e.getKind() == Kind.SELECT && !e.select().testOnly()) {
      String operand = path(e.select().operand());
      return operand == null ? null : operand + "." + e.select().field();
    }
    return null;
  }

  private static String stringLiteral(CelExpr e) {
    return e.getKind() == Kind.CONSTANT
        && e.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? e.constant().stringValue() : null;
  }

  private static CelKind kindOf(CelAbstractSyntaxTree ast, CelExpr e) {
    return ast.getType(e.id()).map(t -> t.kind()).orElse(CelKind.DYN);
  }

  private static int offset(CelAbstractSyntaxTree ast, CelExpr e) {
    return ast.getSource().getPositionsMap().getOrDefault(e.id(), 0);
  }

  /** "line:column: " of {@code e} inside the expression, as compile errors show it. */
  private static String position(CelAbstractSyntaxTree ast, CelExpr e, String source) {
    Integer offset = ast.getSource().getPositionsMap().get(e.id());
    return offset == null ? "" : EvaluationErrors.position(source, offset) + ": ";
  }
}
