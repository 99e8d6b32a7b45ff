package io.keyquorum.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.keyquorum.client.KeyQuorumException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS KMS JSON 1.1 protocol over HTTP(S): {@code POST /} with {@code X-Amz-Target:
 * TrentService.<Operation>}. Every request is SigV4-verified before its body is parsed; the access
 * key then selects the keyquorum client the request is made as. Failures answer in AWS's shape,
 * {@code {"__type", "message"}}; no stack trace reaches a client, and neither bodies nor secrets
 * are logged.
 */
public final class KmsEndpoint implements AutoCloseable {
  static final String TARGET_PREFIX = "TrentService.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  /** Far above any valid request (Encrypt takes 4 KiB of plaintext); bounds memory per request. */
  static final int MAX_BODY = 256 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(KmsEndpoint.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final SigV4 sigV4;
  private final Map<String, Caller> callers;
  private final Map<String, Operation> operations;
  private final String account;
  private final Clock clock;

  private KmsEndpoint(EndpointConfig config, Credentials credentials, Map<String, Caller> callers,
      Optional<SSLContext> tls, Clock clock) throws IOException {
    this.callers = Map.copyOf(callers);
    this.account = config.account();
    this.clock = clock;
    this.sigV4 = new SigV4(config.regions(), credentials::secret);
    Map<String, Operation> ops = new HashMap<>();
    DataOperations.register(ops);
    KeyOperations.register(ops, config.createKey());
    AliasOperations.register(ops);
    RotationOperations.register(ops);
    TagAndPolicyOperations.register(ops);
    this.operations = Map.copyOf(ops);
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(config.listen(), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      server = https;
    } else {
      server = HttpServer.create(config.listen(), 64);
    }
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "kms-endpoint");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts serving. {@code callers}: each access key id in {@code credentials} to the keyquorum
   * identity it acts as. {@code tls}: present for a shared gateway.
   */
  public static KmsEndpoint start(EndpointConfig config, Credentials credentials, Map<String, Caller> callers,
      Optional<SSLContext> tls, Clock clock) throws IOException {
    return new KmsEndpoint(config, credentials, callers, tls, clock);
  }

  /** The operations this endpoint answers (some only to say they are not supported). */
  public java.util.Set<String> operations() {
    return operations.keySet();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
    String who = "-";
    try (exchange) {
      int status = 200;
      byte[] response;
      try {
        byte[] body = readBody(exchange);
        SigV4.Verified verified = sigV4.verify(request(exchange, body), clock.instant());
        who = verified.accessKeyId();
        Caller caller = callers.get(verified.accessKeyId());
        if (caller == null) {
          throw KmsError.unrecognizedClient("the access key is not mapped to a keyquorum client");
        }
        Operation op = target.startsWith(TARGET_PREFIX) ? operations.get(target.substring(TARGET_PREFIX.length())) : null;
        if (op == null) {
          throw new KmsError("UnknownOperationException", 400, "unknown or unsupported operation " + target);
        }
        ObjectNode out;
        try {
          out = op.apply(new Call(caller, verified.region(), account, parse(body)));
        } catch (KeyQuorumException e) {
          throw ErrorMapping.of(e, false);
        }
        response = Call.JSON.writeValueAsBytes(out);
      } catch (KmsError e) {
        status = e.status();
        response = error(e.type(), e.getMessage());
      } catch (RuntimeException e) {
        // Internal detail stays in the log (class and message, never the request body); the client gets an id.
        LOG.warn("request {} ({} from {}) failed: {}", requestId, target, who, e.toString());
        status = 500;
        response = error("KMSInternalException", "internal error; request id " + requestId);
      }
      LOG.info("{} {} {} -> {}", requestId, who, target, status);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, response.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(response);
      } finally {
        // The body may hold a data key or plaintext (base64): do not leave it on the heap longer than needed.
        java.util.Arrays.fill(response, (byte) 0);
      }
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/")) {
      throw new KmsError("UnknownOperationException", 400, "the KMS protocol is POST / only");
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw KmsError.validation("request body exceeds " + MAX_BODY + " bytes");
      }
      return body;
    }
  }

  private static SigV4.Request request(HttpExchange exchange, byte[] body) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
    return new SigV4.Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), headers, body);
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return Call.JSON.createObjectNode();
    }
    try {
      JsonNode n = Call.JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new KmsError("SerializationException", 400, "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new KmsError("SerializationException", 400, "the body is not valid JSON");
    }
  }

  private static byte[] error(String type, String message) {
    ObjectNode n = Call.JSON.createObjectNode().put("__type", type).put("message", message);
    try {
      return Call.JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      return ("{\"__type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
