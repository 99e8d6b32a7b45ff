package io.keyquorum.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials file: each AWS access key id maps to its secret and to the keyquorum client
 * profile the endpoint acts as, optionally with an admin identity for the admin-signed operations.
 * <pre>{"AKIAKQEXAMPLE": {"secretAccessKey": "...", "profile": "client.json",
 *                      "admin": {"id": "admin-1", "keyFile": "admin.key"}}}</pre>
 */
public record Credentials(Map<String, Entry> byAccessKey) {
  /** {@code toString} leaves the secret out, so a logged entry never leaks it. */
  public record Entry(String accessKeyId, byte[] secret, Path profile, Optional<Admin> admin) {
    @Override
    public String toString() {
      return "Entry[" + accessKeyId + " -> " + profile + "]";
    }
  }

  public record Admin(String id, Path keyFile) {}

  public Credentials {
    byAccessKey = Map.copyOf(byAccessKey);
  }

  public Optional<byte[]> secret(String accessKeyId) {
    Entry e = byAccessKey.get(accessKeyId);
    return e == null ? Optional.empty() : Optional.of(e.secret().clone());
  }

  public static Credentials load(Path file) throws IOException {
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    Path base = file.toAbsolutePath().getParent();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      JsonNode e = f.getValue();
      String secret = e.path("secretAccessKey").asText("");
      if (secret.length() < 16 || !e.has("profile")) {
        throw new IOException("credentials for " + f.getKey() + " need a secretAccessKey (16+ characters) and a profile");
      }
      Optional<Admin> admin = e.has("admin")
          ? Optional.of(new Admin(e.path("admin").path("id").asText(), base.resolve(e.path("admin").path("keyFile").asText())))
          : Optional.empty();
      entries.put(f.getKey(), new Entry(f.getKey(), secret.getBytes(StandardCharsets.UTF_8),
          base.resolve(e.path("profile").asText()), admin));
    }
    return new Credentials(entries);
  }
}
