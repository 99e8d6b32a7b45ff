package io.keyquorum.registry.command;

import io.keyquorum.crypto.Ed25519PublicKey;
import io.keyquorum.crypto.encoding.CanonicalReader;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Encoding of the field types that commands share; keeps each command's codec to its fields. */
final class Fields {
  static final int MAX_ATTESTORS = 64;
  static final int MAX_LABELS = 32;
  static final int MAX_LABEL_BYTES = 256;

  private Fields() {}

  static void key(CanonicalWriter w, Ed25519PublicKey key) {
    w.fixed(key.raw(), Ed25519PublicKey.LENGTH);
  }

  static Ed25519PublicKey key(CanonicalReader r, String field) {
    byte[] raw = r.fixed(field, Ed25519PublicKey.LENGTH);
    try {
      return Ed25519PublicKey.of(raw);
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException(field + ": " + e.getMessage());
    }
  }

  static void blobs(CanonicalWriter w, List<Blob> blobs) {
    w.u32(blobs.size());
    blobs.forEach(b -> w.bytes(b.toByteArray()));
  }

  static List<Blob> blobs(CanonicalReader r, String field, int maxCount, int maxBytes) {
    int n = r.count(field, maxCount);
    List<Blob> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Blob.copyOf(r.bytes(field + "[" + i + "]", maxBytes)));
    }
    return List.copyOf(out);
  }

  static String id(CanonicalReader r, String field) {
    return r.string(field, Identifiers.MAX_ID_LENGTH);
  }

  static List<String> distinctIds(String field, List<String> ids, int maxCount) {
    Objects.requireNonNull(ids, field);
    if (ids.size() > maxCount) {
      throw new IllegalArgumentException(field + " has " + ids.size() + " entries, limit " + maxCount);
    }
    ids.forEach(id -> Identifiers.requireId(field + " entry", id));
    if (ids.stream().distinct().count() != ids.size()) {
      throw new IllegalArgumentException(field + " contains a duplicate");
    }
    return List.copyOf(ids);
  }
}
