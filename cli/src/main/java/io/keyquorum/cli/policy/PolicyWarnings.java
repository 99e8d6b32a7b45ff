package io.keyquorum.cli.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.policy.PolicyWarning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code kq policy check} and {@code kq policy put} show the compile-time warnings about
 * deny rules (docs/POLICY.md, "Deny rules and errors"): on stderr as text, or as a
 * {@code warnings} array in the {@code --json} result. Warnings never change the exit code.
 */
final class PolicyWarnings {
  private PolicyWarnings() {}

  static void print(PrintWriter err, Path file, List<PolicyWarning> warnings) {
    for (PolicyWarning w : warnings) {
      err.println("kq: warning: " + file + ": " + w.message());
    }
    err.flush();
  }

  /** Adds {@code warnings: [{rule, line, message}]} to {@code root}; line is null when unknown. */
  static void addTo(ObjectNode root, List<PolicyWarning> warnings) {
    ArrayNode array = root.putArray("warnings");
    for (PolicyWarning w : warnings) {
      ObjectNode node = array.addObject();
      node.put("rule", w.ruleIndex());
      if (w.documentLine() > 0) {
        node.put("line", w.documentLine());
      } else {
        node.putNull("line");
      }
      node.put("message", w.message());
    }
  }
}
