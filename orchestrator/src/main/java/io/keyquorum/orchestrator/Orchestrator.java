package io.keyquorum.orchestrator;

import io.keyquorum.orchestrator.admin.AdminRelay;
import io.keyquorum.orchestrator.deal.KeyDealer;
import io.keyquorum.orchestrator.flow.AttestorTransport;
import io.keyquorum.orchestrator.flow.DeliveryKeys;
import io.keyquorum.orchestrator.flow.FlowMetrics;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.flow.KeyOperations;
import io.keyquorum.orchestrator.grpc.AttestorProbe;
import io.keyquorum.orchestrator.grpc.OrchestratorService;
import io.keyquorum.orchestrator.grpc.ReadGate;
import io.keyquorum.rpc.health.NodeHealthService;
import io.keyquorum.rpc.pki.NodeCredentials;
import io.keyquorum.rpc.tls.NodeServer;
import io.keyquorum.rpc.tls.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A running orchestrator: the core (request flow, dealer, admin relay) behind the client API on a
 * server-authenticated TLS port, with the health service. Holds no state of its own beyond the
 * in-memory delivery keys; everything else is read from the registry view.
 */
public final class Orchestrator implements AutoCloseable {
  private final NodeServer server;
  private final KeyOperations operations;
  private final DeliveryKeys deliveryKeys;
  private final FlowMetrics metrics;
  private final AttestorTransport transport;
  private final KeyDealer dealer;
  private final AdminRelay relay;

  private Orchestrator(NodeServer server, KeyOperations operations, DeliveryKeys deliveryKeys, FlowMetrics metrics,
      AttestorTransport transport, KeyDealer dealer, AdminRelay relay) {
    this.server = server;
    this.dealer = dealer;
    this.relay = relay;
    this.operations = operations;
    this.deliveryKeys = deliveryKeys;
    this.metrics = metrics;
    this.transport = transport;
  }

  /**
   * Starts serving clients on {@code clientAddress}.
   *
   * @param tls the orchestrator's certificate, presented to clients and (as the client side of
   *     mutual TLS) to attestors
   * @param clock the time of every check and signature (read freshness, deal and admin deadlines)
   * @param random delivery keys, nonces and dealt key material
   */
  public static Orchestrator start(RegistryView registry, OrchestratorIdentity identity, NodeCredentials tls,
      X509Certificate networkCa, InetSocketAddress clientAddress, AttestorTransport transport, FlowSettings settings,
      Duration ackTimeout, Clock clock, SecureRandom random) throws IOException {
    FlowMetrics metrics = new FlowMetrics();
    DeliveryKeys deliveryKeys = new DeliveryKeys(random);
    KeyOperations operations = new KeyOperations(registry, transport, deliveryKeys, settings, random,
        clock::millis, metrics);
    KeyDealer dealer = new KeyDealer(registry, identity, random, clock::millis, ackTimeout);
    AdminRelay relay = new AdminRelay(registry, clock::millis, ackTimeout);
    OrchestratorService service = new OrchestratorService(registry, operations, dealer, relay, deliveryKeys, identity.id(),
        new AttestorProbe(registry, transport), new ReadGate(registry, clock::millis));
    NodeServer server = NodeServer.start(tls, networkCa, ServerOptions.serverOnly(clientAddress),
        List.of(service, new NodeHealthService(identity.id(), () -> registry.state().height())));
    return new Orchestrator(server, operations, deliveryKeys, metrics, transport, dealer, relay);
  }

  public int port() {
    return server.port();
  }

  public KeyOperations operations() {
    return operations;
  }

  public KeyDealer dealer() {
    return dealer;
  }

  public AdminRelay relay() {
    return relay;
  }

  public DeliveryKeys deliveryKeys() {
    return deliveryKeys;
  }

  public FlowMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.close();
    transport.close();
    deliveryKeys.close();
  }
}
