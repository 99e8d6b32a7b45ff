package io.keyquorum.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The CEL variable {@code request}: what the client asks for.
 *
 * <p>{@code delivery=client} hands the client t shares and the wrapped material, so it rebuilds the
 * key whatever it named: such a request is judged as also asking for {@code release}, which is
 * added to {@code capabilities} here, so every evaluator (attestor, orchestrator, {@code kq policy
 * test}) sees the same request.
 *
 * @param keyId the key named by the request
 * @param capabilities the requested capabilities, at least one, no duplicates
 * @param context the encryption context, bound into ciphertexts as authenticated data
 * @param delivery who rebuilds the key: {@code orchestrator} or {@code client}
 * @param time when the request was made; empty means "now" by the evaluator's clock
 */
public record RequestFacts(
    String keyId, List<String> capabilities, Map<String, String> context, String delivery, Optional<Instant> time) {
  public static final String ORCHESTRATOR = "orchestrator";
  public static final String CLIENT = "client";

  public RequestFacts {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(time, "time");
    if (keyId.isEmpty()) {
      throw new IllegalArgumentException("keyId must not be empty");
    }
    if (!ORCHESTRATOR.equals(delivery) && !CLIENT.equals(delivery)) {
      throw new IllegalArgumentException("delivery must be orchestrator or client, got " + delivery);
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
    if (CLIENT.equals(delivery) && !capabilities.contains("release")) {
      List<String> withRelease = new ArrayList<>(capabilities);
      withRelease.add("release");
      capabilities = List.copyOf(withRelease);
    }
    context = Map.copyOf(context);
  }

  /** A request with {@code delivery=orchestrator}. */
  public RequestFacts(String keyId, List<String> capabilities, Map<String, String> context, Optional<Instant> time) {
    this(keyId, capabilities, context, ORCHESTRATOR, time);
  }
}
