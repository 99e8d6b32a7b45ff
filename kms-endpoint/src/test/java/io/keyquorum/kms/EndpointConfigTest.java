package io.keyquorum.kms;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointConfigTest {
  static final EndpointConfig.CreateKeyDefaults NONE = new EndpointConfig.CreateKeyDefaults(List.of(), 0, Optional.empty());

  @Test
  void agentOnANonLoopbackAddressWithoutTls_isRefused() {
    assertThatThrownBy(() -> new EndpointConfig(new InetSocketAddress("0.0.0.0", 4599), Set.of("us-east-1"),
        "000000000000", Path.of("c.json"), Optional.empty(), NONE)).hasMessageContaining("loopback");
  }

  @Test
  void sharedGatewayWithTls_mayListenOnAnyAddress() {
    new EndpointConfig(new InetSocketAddress("0.0.0.0", 4599), Set.of("us-east-1"), "000000000000", Path.of("c.json"),
        Optional.of(new EndpointConfig.Tls(Path.of("c.pem"), Path.of("k.pem"))), NONE);
  }

  @Test
  void accountMustBeTwelveDigits() {
    assertThatThrownBy(() -> new EndpointConfig(new InetSocketAddress("127.0.0.1", 4599), Set.of("us-east-1"),
        "acme", Path.of("c.json"), Optional.empty(), NONE)).hasMessageContaining("12 digits");
  }
}
