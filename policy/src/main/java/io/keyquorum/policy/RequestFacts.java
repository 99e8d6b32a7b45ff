package io.keyquorum.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL variable {@code request}: what the client asks for.
 *
 * @param keyId the key named by the request
 * @param capabilities the requested capabilities, at least one, no duplicates
 * @param context the encryption context, bound into ciphertexts as authenticated data
 * @param time when the request was made; empty means "now" by the evaluator's clock
 */
public record RequestFacts(
    String keyId, List<String> capabilities, Map<String, String> context, Optional<Instant> time) {
  public RequestFacts {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(time, "time");
    if (keyId.isEmpty()) {
      throw new IllegalArgumentException("keyId must not be empty");
    }
    capabilities = List.copyOf(capabilities);
    if (capabilities.isEmpty()) {
      // An empty request would be allowed vacuously by "every requested capability is covered".
      throw new IllegalArgumentException("a request must name at least one capability");
    }
    if (Set.copyOf(capabilities).size() != capabilities.size()) {
      throw new IllegalArgumentException("capabilities must not repeat: " + capabilities);
    }
    capabilities.forEach(Capabilities::requireValid);
    context = Map.copyOf(context);
  }
}
