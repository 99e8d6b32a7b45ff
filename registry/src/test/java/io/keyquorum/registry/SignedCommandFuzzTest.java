package io.keyquorum.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.crypto.fuzz.Fuzz;
import io.keyquorum.registry.command.KeyState;
import io.keyquorum.registry.command.SignedCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing of registry command frames and every command body decoder (docs/FUZZING.md). */
class SignedCommandFuzzTest {
  private final TestNetwork net = new TestNetwork();

  @Test
  void mutatedSignedCommands_failOnlyWithMalformedEncodingOrInvalidSignature() {
    List<SignedCommand> commands = new ArrayList<>(net.bootstrap());
    commands.add(net.createKey("key-1", "alias-payments"));
    commands.add(net.rotate("key-1", 2, TestNetwork.ATTESTORS, 3));
    commands.add(net.ack("attestor-1", "key-1", 1));
    commands.add(net.complaint("attestor-2", "key-1", 1));
    commands.add(net.setState("key-1", KeyState.DISABLED, 0, TestNetwork.T0));
    commands.add(net.updatePolicy("key-1", 1, TestNetwork.POLICY));
    List<byte[]> seeds = commands.stream().map(SignedCommand::encode).toList();
    int rejected = Fuzz.run("SignedCommand.decode/open", seeds,
        Set.of(MalformedEncodingException.class, InvalidSignatureException.class),
        wire -> {
          SignedCommand command = SignedCommand.decode(wire);
          // The registry verifies under the key it holds for the claimed author; an unknown author
          // gets some other key here, which must fail as a bad signature.
          Ed25519PrivateKey author = net.key(command.authorId());
          command.open((author != null ? author : net.key(TestNetwork.FOUNDER)).publicKey());
        });
    assertThat(rejected).isPositive();
  }
}
