package io.keyquorum.kms;

import io.keyquorum.client.AdminCommands;
import io.keyquorum.client.ClientProfile;
import io.keyquorum.client.KeyQuorumClient;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SecretBytes;
import io.keyquorum.rpc.pki.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Starts an endpoint from its config file: one keyquorum client per access key, TLS if configured. */
public final class EndpointLauncher implements AutoCloseable {
  private final KmsEndpoint endpoint;
  private final List<KeyQuorumClient> clients;

  private EndpointLauncher(KmsEndpoint endpoint, List<KeyQuorumClient> clients) {
    this.endpoint = endpoint;
    this.clients = clients;
  }

  public static EndpointLauncher start(EndpointConfig config) throws IOException {
    Credentials credentials = Credentials.load(config.credentials());
    Map<String, Caller> callers = new LinkedHashMap<>();
    try {
      for (Credentials.Entry e : credentials.byAccessKey().values()) {
        KeyQuorumClient client = KeyQuorumClient.connect(ClientProfile.load(e.profile()));
        Optional<AdminCommands> admin = e.admin().isPresent()
            ? Optional.of(client.admin(e.admin().get().id(), readSeed(e.admin().get().keyFile()))) : Optional.empty();
        callers.put(e.accessKeyId(), new Caller(e.accessKeyId(), client, admin));
      }
      Optional<SSLContext> tls = config.tls().isPresent() ? Optional.of(sslContext(config.tls().get())) : Optional.empty();
      KmsEndpoint endpoint = KmsEndpoint.start(config, credentials, callers, tls, Clock.systemUTC());
      return new EndpointLauncher(endpoint, callers.values().stream().map(Caller::client).toList());
    } catch (IOException | RuntimeException e) {
      callers.values().forEach(c -> c.client().close());
      throw e;
    }
  }

  public KmsEndpoint endpoint() {
    return endpoint;
  }

  /** An Ed25519 seed file, 64 hex digits, as client profiles and {@code kq network init} write them. */
  static Ed25519PrivateKey readSeed(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    try {
      String hex = new String(raw, StandardCharsets.US_ASCII).trim();
      if (hex.length() != 64) {
        throw new IOException("admin key " + file + " must be 64 hex digits (an Ed25519 seed)");
      }
      return Ed25519PrivateKey.fromSeed(SecretBytes.adopt(HexFormat.of().parseHex(hex)));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static SSLContext sslContext(EndpointConfig.Tls tls) throws IOException {
    try {
      List<X509Certificate> chain = PemFiles.readCertificates(tls.certificate());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] password = new char[0];
      ks.setKeyEntry("endpoint", PemFiles.readPrivateKey(tls.privateKey()), password,
          chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the endpoint's TLS certificate and key: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    endpoint.close();
    clients.forEach(KeyQuorumClient::close);
  }
}
