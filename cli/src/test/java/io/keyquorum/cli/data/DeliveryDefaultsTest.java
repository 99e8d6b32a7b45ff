package io.keyquorum.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.protocol.DeliveryMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The delivery each data command uses when --delivery is not given. */
class DeliveryDefaultsTest {
  @Test
  void datakeyAndEncrypt_defaultToOrchestratorDelivery() {
    DatakeyCommand datakey = new DatakeyCommand();
    new CommandLine(datakey).parseArgs("--key", "k");
    assertThat(datakey.delivery.mode()).isEqualTo(DeliveryMode.ORCHESTRATOR);
    EncryptFileCommand encrypt = new EncryptFileCommand();
    new CommandLine(encrypt).parseArgs("--key", "k", "--in", "a", "--out", "b");
    assertThat(encrypt.delivery.mode()).isEqualTo(DeliveryMode.ORCHESTRATOR);
    new CommandLine(datakey).parseArgs("--key", "k", "--delivery", "client");
    assertThat(datakey.delivery.mode()).isEqualTo(DeliveryMode.CLIENT);
  }

  @Test
  void decryptAndDecryptFile_useTheRecordedMode_unlessTold() {
    DecryptCommand decrypt = new DecryptCommand();
    new CommandLine(decrypt).parseArgs("--blob", "AA==");
    assertThat(decrypt.delivery.override()).isEmpty();
    DecryptFileCommand file = new DecryptFileCommand();
    new CommandLine(file).parseArgs("--in", "a", "--out", "b", "--delivery", "orchestrator");
    assertThat(file.delivery.override()).contains(DeliveryMode.ORCHESTRATOR);
  }
}
