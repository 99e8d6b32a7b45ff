package io.keyquorum.attestor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Plain-HTTP {@code /metrics} (Prometheus text) and {@code /health} (JSON {@code {nodeId,
 * registryHeight, status}}). Operator-facing and read-only: it exposes no secret and accepts no
 * input, so it is bound to whatever address the operator chose (loopback by default in examples).
 */
public final class StatusHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private StatusHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static StatusHttpServer start(InetSocketAddress address, NodeMetrics metrics, Supplier<String> healthJson)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "kq-status");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/health", ex -> respond(ex, "application/json", healthJson.get()));
    server.start();
    return new StatusHttpServer(server, executor);
  }

  private static void respond(HttpExchange ex, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!ex.getRequestMethod().equals("GET")) {
      ex.sendResponseHeaders(405, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
