package io.keyquorum.cli.key;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.session.Output;
import io.keyquorum.client.KeyInfo;
import java.time.Instant;

/** A key's public metadata as text and as JSON, shared by the key commands. */
final class KeyText {
  private KeyText() {}

  static ObjectNode json(KeyInfo key) {
    ObjectNode node = Output.object();
    fill(node, key);
    return node;
  }

  static void fill(ObjectNode node, KeyInfo key) {
    node.put("keyId", key.keyId());
    node.put("alias", key.alias());
    node.put("state", key.state());
    node.put("currentVersion", key.currentVersion());
    if (key.deletionDateMillis() > 0) {
      node.put("deletionDate", Instant.ofEpochMilli(key.deletionDateMillis()).toString());
    } else {
      node.putNull("deletionDate");
    }
    node.put("policyVersion", key.policyVersion());
    ArrayNode versions = node.putArray("versions");
    for (KeyInfo.Version v : key.versions()) {
      ObjectNode version = versions.addObject();
      version.put("version", v.version());
      version.put("status", v.status());
      version.put("threshold", v.threshold());
      ArrayNode attestors = version.putArray("attestors");
      v.attestors().forEach(attestors::add);
      ObjectNode complaints = version.putObject("complaints");
      v.complaints().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(c -> complaints.put(c.getKey(), c.getValue()));
    }
  }

  static String text(KeyInfo key) {
    StringBuilder text = new StringBuilder();
    text.append("key:             ").append(key.keyId()).append('\n');
    text.append("alias:           ").append(key.alias()).append('\n');
    text.append("state:           ").append(key.state()).append('\n');
    text.append("current version: ").append(key.currentVersion() == 0 ? "none" : key.currentVersion()).append('\n');
    if (key.deletionDateMillis() > 0) {
      text.append("deletion date:   ").append(Instant.ofEpochMilli(key.deletionDateMillis())).append('\n');
    }
    text.append("policy version:  ").append(key.policyVersion()).append('\n');
    for (KeyInfo.Version v : key.versions()) {
      text.append("  v").append(v.version()).append(' ').append(v.status())
          .append(" t=").append(v.threshold()).append(" of ").append(String.join(", ", v.attestors()));
      v.complaints().forEach((who, why) -> text.append("\n    complaint from ").append(who).append(": ").append(why));
      text.append('\n');
    }
    return text.toString();
  }

  /** One line per key, for {@code key list}. */
  static String line(KeyInfo key) {
    return String.format("%-40s %-24s %-17s v%d%n", key.keyId(), key.alias(), key.state(), key.currentVersion());
  }
}
