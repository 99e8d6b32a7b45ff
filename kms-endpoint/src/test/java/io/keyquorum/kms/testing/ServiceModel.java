package io.keyquorum.kms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS KMS service model as the aws-sdk npm package ships it ({@code kms-2014-11-01.min.json};
 * origin in {@code SOURCES.md}): operations and their output shapes, to check responses against.
 */
public final class ServiceModel {
  private final JsonNode model;

  private ServiceModel(JsonNode model) {
    this.model = model;
  }

  public static ServiceModel load() throws IOException {
    try (InputStream in = ServiceModel.class.getResourceAsStream("/aws/kms-2014-11-01.min.json")) {
      return new ServiceModel(new ObjectMapper().readTree(in));
    }
  }

  public Set<String> operations() {
    Set<String> ops = new TreeSet<>();
    model.path("operations").fieldNames().forEachRemaining(ops::add);
    return ops;
  }

  /** Every way {@code response} departs from the operation's output shape; empty when it conforms. */
  public List<String> violations(String operation, JsonNode response) {
    List<String> out = new ArrayList<>();
    JsonNode op = model.path("operations").path(operation);
    if (op.isMissingNode()) {
      out.add(operation + " is not an operation of the model");
      return out;
    }
    if (!op.has("output")) {
      // Operations without an output shape answer with an empty object.
      if (!response.isObject() || response.size() != 0) {
        out.add(operation + ": has no output shape, but the response has members");
      }
      return out;
    }
    check(operation, op.path("output"), response, out);
    return out;
  }

  private JsonNode resolve(JsonNode shape) {
    return shape.has("shape") ? model.path("shapes").path(shape.path("shape").asText()) : shape;
  }

  private void check(String path, JsonNode shapeRef, JsonNode value, List<String> out) {
    JsonNode shape = resolve(shapeRef);
    String type = shape.path("type").asText("string");
    switch (type) {
      case "structure" -> {
        if (!value.isObject()) {
          out.add(path + ": expected an object");
          return;
        }
        JsonNode members = shape.path("members");
        for (JsonNode required : shape.path("required")) {
          if (!value.has(required.asText())) {
            out.add(path + "." + required.asText() + ": required but missing");
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> f = it.next();
          if (!members.has(f.getKey())) {
            out.add(path + "." + f.getKey() + ": not a member of the output shape");
          } else {
            check(path + "." + f.getKey(), members.path(f.getKey()), f.getValue(), out);
          }
        }
      }
      case "list" -> {
        if (!value.isArray()) {
          out.add(path + ": expected a list");
          return;
        }
        int i = 0;
        for (JsonNode v : value) {
          check(path + "[" + i++ + "]", shape.path("member"), v, out);
        }
      }
      case "map" -> {
        if (!value.isObject()) {
          out.add(path + ": expected a map");
          return;
        }
        value.fields().forEachRemaining(f -> check(path + "{" + f.getKey() + "}", shape.path("value"), f.getValue(), out));
      }
      case "blob" -> {
        if (!value.isTextual()) {
          out.add(path + ": expected base64 text");
          return;
        }
        try {
          Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
          out.add(path + ": not base64");
        }
      }
      case "timestamp" -> {
        if (!value.isNumber()) {
          out.add(path + ": expected epoch seconds");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": expected a boolean");
        }
      }
      case "integer", "long" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": expected an integer");
        }
      }
      default -> {
        if (!value.isTextual()) {
          out.add(path + ": expected a string");
        }
      }
    }
  }
}
