package io.keyquorum.cli.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.AttestorReport;
import io.keyquorum.client.KeyQuorumException;
import java.io.PrintWriter;
import java.util.Base64;

/**
 * Where a command's result goes: text for people by default, one JSON document with
 * {@code --json}. Results go to stdout, failures to stderr. Field names are a contract for
 * scripts; docs/CLI.md shows them.
 */
public final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final boolean json;
  private final PrintWriter out;
  private final PrintWriter err;

  public Output(boolean json, PrintWriter out, PrintWriter err) {
    this.json = json;
    this.out = out;
    this.err = err;
  }

  public boolean json() {
    return json;
  }

  public PrintWriter err() {
    return err;
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Prints the JSON document with {@code --json}, else the text. */
  public void result(ObjectNode document, String text) {
    out.print(json ? render(document) : text);
    out.flush();
  }

  /** A usage or configuration error, exit code 2. */
  public int usage(String message) {
    if (json) {
      ObjectNode root = object();
      ObjectNode error = root.putObject("error");
      error.put("kind", "usage");
      error.put("message", message);
      err.print(render(root));
    } else {
      err.println("kq: " + message);
    }
    err.flush();
    return io.keyquorum.cli.ExitCodes.INVALID;
  }

  /**
   * A failure the service reported, exit code 1: the kind, the message and every attestor's
   * report, including its signed statement where it made one, so a denial can be kept as evidence.
   */
  public int failure(KeyQuorumException e) {
    if (json) {
      ObjectNode root = object();
      ObjectNode error = root.putObject("error");
      error.put("kind", e.kind().wireName());
      error.put("message", e.getMessage());
      ArrayNode attestors = error.putArray("attestors");
      for (AttestorReport report : e.attestors()) {
        ObjectNode a = attestors.addObject();
        a.put("attestor", report.attestorId());
        a.put("status", report.status());
        a.put("reason", report.reason());
        report.signed().ifPresent(s -> {
          a.put("payload", base64(s.payload()));
          a.put("signature", base64(s.signature()));
        });
      }
      err.print(render(root));
    } else {
      err.println("kq: " + e.kind().wireName() + ": " + e.getMessage());
      for (AttestorReport report : e.attestors()) {
        err.println("  " + report.attestorId() + ": " + report.status()
            + (report.reason().isEmpty() ? "" : " - " + report.reason())
            + (report.signed().isPresent() ? " (signed)" : ""));
      }
    }
    err.flush();
    return io.keyquorum.cli.ExitCodes.DENIED;
  }

  static String render(ObjectNode document) {
    try {
      return JSON.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
