package io.keyquorum.cli.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Repeated {@code --context k=v}: the encryption context, bound into blobs and shown to policies.
 * The first {@code =} splits, so values may contain {@code =}; an empty key or a key given twice
 * is refused rather than silently resolved, because the context must be exactly what was meant.
 */
public final class ContextOption {
  @Option(names = "--context", paramLabel = "KEY=VALUE",
      description = "Encryption context entry; repeat for more. The first '=' splits key from value.")
  List<String> entries = new ArrayList<>();

  public Map<String, String> context() {
    return parse(entries);
  }

  static Map<String, String> parse(List<String> entries) {
    Map<String, String> context = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new UsageException("--context " + entry + ": expected KEY=VALUE");
      }
      String key = entry.substring(0, eq);
      if (key.isEmpty()) {
        throw new UsageException("--context " + entry + ": empty key");
      }
      if (context.putIfAbsent(key, entry.substring(eq + 1)) != null) {
        throw new UsageException("--context: key \"" + key + "\" given more than once");
      }
    }
    return Collections.unmodifiableMap(context);
  }
}
