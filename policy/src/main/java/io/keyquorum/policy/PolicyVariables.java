package io.keyquorum.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The typed CEL declarations of {@code request}, {@code client} and {@code attestor}, and their
 * runtime values. The checker sees closed struct types, so a misspelt field
 * ({@code request.keyid}) or a wrong type is a compile error, not a silent runtime miss; at run
 * time the structs are plain maps, which CEL's field selection reads by key.
 */
final class PolicyVariables {
  static final MapType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
  static final ListType STRING_LIST = ListType.create(SimpleType.STRING);

  static final StructType REQUEST =
      struct(
          "keyquorum.policy.Request",
          Map.of(
              "keyId", SimpleType.STRING,
              "capabilities", STRING_LIST,
              "context", STRING_MAP,
              "delivery", SimpleType.STRING,
              "time", SimpleType.TIMESTAMP));
  static final StructType CLIENT =
      struct(
          "keyquorum.policy.Client",
          Map.of("id", SimpleType.STRING, "roles", STRING_LIST, "attributes", STRING_MAP));
  static final StructType ATTESTOR =
      struct("keyquorum.policy.Attestor", Map.of("id", SimpleType.STRING, "labels", STRING_MAP));

  static final CelTypeProvider TYPES =
      new CelTypeProvider() {
        private final ImmutableList<CelType> all = ImmutableList.of(REQUEST, CLIENT, ATTESTOR);

        @Override
        public ImmutableCollection<CelType> types() {
          return all;
        }

        @Override
        public Optional<CelType> findType(String name) {
          return all.stream().filter(t -> t.name().equals(name)).findFirst();
        }
      };

  private PolicyVariables() {}

  private static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(
        name,
        ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
  }

  /** The CEL activation for one evaluation; {@code time} is already resolved against a clock. */
  static Map<String, Object> activation(PolicyInput input, Instant time) {
    RequestFacts request = input.request();
    Map<String, Object> requestValue = new HashMap<>(8);
    requestValue.put("keyId", request.keyId());
    requestValue.put("capabilities", request.capabilities());
    requestValue.put("context", request.context());
    requestValue.put("delivery", request.delivery());
    requestValue.put("time", time);
    ClientFacts client = input.client();
    AttestorFacts attestor = input.attestor();
    return Map.of(
        "request", requestValue,
        "client",
        Map.of("id", client.id(), "roles", client.roles(), "attributes", client.attributes()),
        "attestor", Map.of("id", attestor.id(), "labels", attestor.labels()));
  }
}
