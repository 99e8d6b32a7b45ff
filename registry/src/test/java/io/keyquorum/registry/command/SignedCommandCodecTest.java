package io.keyquorum.registry.command;

import static io.keyquorum.registry.TestNetwork.ATTESTORS;
import static io.keyquorum.registry.TestNetwork.FOUNDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.crypto.InvalidSignatureException;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.crypto.encoding.CanonicalWriter;
import io.keyquorum.crypto.encoding.MalformedEncodingException;
import io.keyquorum.registry.TestNetwork;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignedCommandCodecTest {
  private static final TestNetwork NET = new TestNetwork();

  static Stream<Arguments> everyCommandType() {
    KeyDeal deal = NET.deal(ATTESTORS, 3);
    return Stream.of(
        NET.genesis(),
        NET.registerClient(NET.client(TestNetwork.CREATOR, List.of("key-creator", "admin"), true)),
        NET.updateClient(NET.client("app-reader", List.of(), false)),
        NET.createKey("k-1", "alias-payments"),
        NET.rotate("k-1", 2, ATTESTORS.subList(0, 3), 2),
        NET.ack("attestor-1", "k-1", 1),
        NET.complaint("attestor-2", "k-1", 1),
        NET.updatePolicy("k-1", 3, "policy: π ✓\n"),
        NET.setState("k-1", KeyState.PENDING_DELETION, TestNetwork.T0 + 1, TestNetwork.T0),
        SignedCommand.sign(new AnchorAuditHead(NET.header("attestor-3"), 12, Blob.copyOf(new byte[32])),
            NET.key("attestor-3")))
        .map(c -> Arguments.of(c.type(), c, deal));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommandType")
  void encodeDecodeOpen_roundTripsToAnEqualCommand(CommandType type, SignedCommand signed, KeyDeal unused) {
    Command original = signed.open(NET.key(signed.authorId()).publicKey());
    byte[] wire = signed.encode();
    SignedCommand decoded = SignedCommand.decode(wire);
    assertThat(decoded.type()).isEqualTo(type);
    assertThat(decoded.authorId()).isEqualTo(signed.authorId());
    Command reopened = decoded.open(NET.key(signed.authorId()).publicKey());
    assertThat(reopened).isEqualTo(original);
    assertThat(reopened.encode()).isEqualTo(original.encode());
    assertThat(SignedCommand.decode(wire).encode()).isEqualTo(wire);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommandType")
  void everyTruncation_isMalformed(CommandType type, SignedCommand signed, KeyDeal unused) {
    byte[] wire = signed.encode();
    for (int len = 0; len < wire.length; len += Math.max(1, wire.length / 200)) {
      byte[] cut = Arrays.copyOf(wire, len);
      assertThatThrownBy(() -> SignedCommand.decode(cut)).as("prefix of %d bytes", len)
          .isInstanceOf(MalformedEncodingException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommandType")
  void trailingBytes_areMalformed(CommandType type, SignedCommand signed, KeyDeal unused) {
    byte[] wire = Arrays.copyOf(signed.encode(), signed.encode().length + 1);
    assertThatThrownBy(() -> SignedCommand.decode(wire)).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommandType")
  void anyFlippedBit_failsVerificationOrFraming(CommandType type, SignedCommand signed, KeyDeal unused) {
    byte[] wire = signed.encode();
    Random random = new Random(type.tag());
    for (int i = 0; i < 40; i++) {
      byte[] bad = wire.clone();
      bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
      try {
        SignedCommand decoded = SignedCommand.decode(bad);
        assertThatThrownBy(() -> decoded.open(NET.key(signed.authorId()).publicKey()))
            .isInstanceOfAny(InvalidSignatureException.class, MalformedEncodingException.class);
      } catch (MalformedEncodingException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void signatureUnderOneCommandType_doesNotOpenAsAnother() {
    SignedCommand register = NET.registerClient(NET.client("outsider", List.of(), true));
    SignedCommand relabelled = SignedCommand.of(CommandType.UPDATE_CLIENT, register.authorId(), register.envelope());
    assertThatThrownBy(() -> relabelled.open(NET.key(FOUNDER).publicKey()))
        .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("update-client");
  }

  @Test
  void frameAuthorDifferentFromSignedAuthor_isMalformed() {
    SignedCommand register = NET.registerClient(NET.client("outsider", List.of(), true));
    SignedCommand reframed = SignedCommand.of(register.type(), "admin-2", register.envelope());
    assertThatThrownBy(() -> reframed.open(NET.key(FOUNDER).publicKey()))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("differs from frame author");
  }

  @Test
  void hugeCount_inASignedBody_isRejectedBeforeAllocation() {
    CanonicalWriter w = new CanonicalWriter();
    new CommandHeader(TestNetwork.NETWORK, GenesisHash.NONE, FOUNDER, 1).writeTo(w);
    w.u32(1).u32(0xFFFF_FFFFL); // f = 1, then an attestor count of 4 billion
    SignedCommand hostile = signedBody(CommandType.GENESIS, FOUNDER, w.toByteArray(), NET.key(FOUNDER));
    assertThatThrownBy(() -> hostile.open(NET.key(FOUNDER).publicKey()))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("attestors").hasMessageContaining("exceeds");
  }

  @Test
  void hugeLength_inASignedBody_isRejectedNamingTheField() {
    CanonicalWriter w = new CanonicalWriter();
    new CommandHeader(TestNetwork.NETWORK, NET.genesisHash(), FOUNDER, 1).writeTo(w);
    w.string("k-1").u64(1).u32(0x7FFF_FFFFL);
    SignedCommand hostile = signedBody(CommandType.UPDATE_POLICY, FOUNDER, w.toByteArray(), NET.key(FOUNDER));
    assertThatThrownBy(() -> hostile.open(NET.key(FOUNDER).publicKey()))
        .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("policy document");
  }

  @Test
  void signedRandomBodies_onlyEverThrowMalformedEncoding() {
    Random random = new Random(7);
    for (CommandType type : CommandType.values()) {
      for (int i = 0; i < 50; i++) {
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        SignedCommand hostile = signedBody(type, FOUNDER, body, NET.key(FOUNDER));
        assertThatThrownBy(() -> hostile.open(NET.key(FOUNDER).publicKey())).as("%s #%d", type, i)
            .isInstanceOf(MalformedEncodingException.class);
      }
    }
  }

  @Test
  void unknownCommandTag_isMalformed() {
    byte[] wire = NET.ack("attestor-1", "k-1", 1).encode();
    wire[0] = 99;
    assertThatThrownBy(() -> SignedCommand.decode(wire)).isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("command type");
  }

  @Test
  void invalidIdentifiers_areRejectedNamingTheField() {
    assertThatThrownBy(() -> new CommandHeader(TestNetwork.NETWORK, NET.genesisHash(), "bad id with spaces", 1))
        .hasMessageContaining("author id");
    assertThatThrownBy(() -> new CommandHeader(TestNetwork.NETWORK, NET.genesisHash(), "a".repeat(129), 1)).hasMessageContaining("author id");
    assertThatThrownBy(() -> Identifiers.requireEndpoint("endpoint", "host:70000")).hasMessageContaining("port");
    assertThat(Identifiers.requireEndpoint("endpoint", "[::1]:7443")).isEqualTo("[::1]:7443");
  }

  @Test
  void dealValidation_checksCommitmentCountPrefixAndShareCount() {
    KeyDeal good = NET.deal(ATTESTORS, 2);
    assertThatThrownBy(() -> new KeyDeal(ATTESTORS, 3, good.commitments(), good.wrappedMaterial(), good.sealedShares()))
        .hasMessageContaining("expected t = 3");
    byte[] notAPoint = good.commitments().get(0).toByteArray();
    notAPoint[0] = 0x04;
    assertThatThrownBy(() -> new KeyDeal(ATTESTORS, 2, List.of(Blob.copyOf(notAPoint), good.commitments().get(1)),
        good.wrappedMaterial(), good.sealedShares())).hasMessageContaining("C_0");
    assertThatThrownBy(() -> new KeyDeal(ATTESTORS, 2, good.commitments(), good.wrappedMaterial(),
        good.sealedShares().subList(0, 3))).hasMessageContaining("one per attestor");
    assertThatThrownBy(() -> new KeyDeal(ATTESTORS, 0, List.of(), good.wrappedMaterial(), good.sealedShares()))
        .hasMessageContaining("threshold");
    assertThat(good.shareIndexOf("attestor-3")).isEqualTo(3);
    assertThat(good.shareIndexOf("attestor-9")).isZero();
  }

  @Test
  void genesis_requiresThreeFPlusOneAttestors() {
    Genesis g = (Genesis) NET.genesis().open(NET.key(FOUNDER).publicKey());
    assertThatThrownBy(() -> new Genesis(g.header(), 2, g.attestors(), g.admins(), g.orchestrator()))
        .hasMessageContaining("3f+1 = 7");
    assertThatThrownBy(() -> new Genesis(g.header(), 1, g.attestors(), List.of(), g.orchestrator()))
        .hasMessageContaining("admins");
  }

  private static SignedCommand signedBody(CommandType type, String author, byte[] body, Ed25519PrivateKey key) {
    return SignedCommand.of(type, author, SignedEnvelope.sign(type.domain(), body, key));
  }
}
