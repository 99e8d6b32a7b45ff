package io.keyquorum.registry;

import static io.keyquorum.registry.Commands.applyAll;
import static io.keyquorum.registry.Commands.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.SignedEnvelope;
import io.keyquorum.registry.command.AnchorAuditHead;
import io.keyquorum.registry.command.AttestorInfo;
import io.keyquorum.registry.command.Blob;
import io.keyquorum.registry.command.CommandHeader;
import io.keyquorum.registry.command.CommandType;
import io.keyquorum.registry.command.SignedCommand;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code AnchorAuditHead}: who may anchor, that anchors only move forward, and what the state keeps. */
class AuditAnchorTest {
  private final RegistryStateMachine machine = new RegistryStateMachine();
  private TestNetwork net;
  private RegistryState state;

  @BeforeEach
  void bootstrap() {
    net = new TestNetwork();
    state = applyAll(machine, net.empty(), net.bootstrap()).withHeight(7);
  }

  private static Blob hash(int fill) {
    byte[] h = new byte[32];
    Arrays.fill(h, (byte) fill);
    return Blob.copyOf(h);
  }

  private SignedCommand anchor(String attestor, long seq, Ed25519PrivateKey signer) {
    return SignedCommand.sign(new AnchorAuditHead(net.header(attestor), seq, hash((int) seq)), signer);
  }

  @Test
  void anchorByTheAttestor_isKeptAsItsLatestWithTheSignedBytes() {
    SignedCommand first = anchor("attestor-1", 5, net.key("attestor-1"));
    SignedCommand second = anchor("attestor-1", 9, net.key("attestor-1"));
    RegistryState s = applyAll(machine, state, List.of(first, second));
    AuditAnchor a = s.auditAnchor("attestor-1").orElseThrow();
    assertThat(a.seq()).isEqualTo(9);
    assertThat(a.hash()).isEqualTo(hash(9));
    assertThat(a.anchoredAtHeight()).isEqualTo(7);
    assertThat(a.signedCommand().toByteArray()).isEqualTo(second.encode());
    // The stored bytes open under the attestor's genesis key: a reader need not trust the replica.
    AttestorInfo info = s.governance().orElseThrow().attestor("attestor-1").orElseThrow();
    AnchorAuditHead opened = (AnchorAuditHead) SignedCommand.decode(a.signedCommand().toByteArray())
        .open(info.signingKey());
    assertThat(opened.auditSeq()).isEqualTo(9);
    assertThat(s.auditAnchor("attestor-2")).isEmpty();
    assertThat(s.digest()).isNotEqualTo(state.digest());
  }

  @Test
  void forgedAnchor_signedByAnotherAttestor_isRefused() {
    // attestor-2 signs an anchor in attestor-1's name, to pin (or lower) attestor-1's floor.
    SignedCommand forged = anchor("attestor-1", 5, net.key("attestor-2"));
    assertThat(rejection(machine, state, forged).code()).isEqualTo(RejectionCode.BAD_SIGNATURE);
  }

  @Test
  void anchorByANonMember_isRefused() {
    SignedCommand outsider = SignedCommand.sign(new AnchorAuditHead(net.header("outsider"), 5, hash(5)),
        net.key("outsider"));
    assertThat(rejection(machine, state, outsider).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
    SignedCommand admin = SignedCommand.sign(new AnchorAuditHead(net.header(TestNetwork.FOUNDER), 5, hash(5)),
        net.key(TestNetwork.FOUNDER));
    assertThat(rejection(machine, state, admin).code()).isEqualTo(RejectionCode.UNAUTHORIZED);
  }

  @Test
  void anchorThatDoesNotAdvance_isRefused() {
    RegistryState s = applyAll(machine, state, List.of(anchor("attestor-1", 9, net.key("attestor-1"))));
    assertThat(rejection(machine, s, anchor("attestor-1", 9, net.key("attestor-1"))).code())
        .isEqualTo(RejectionCode.ANCHOR_NOT_ADVANCING);
    assertThat(rejection(machine, s, anchor("attestor-1", 3, net.key("attestor-1"))).code())
        .isEqualTo(RejectionCode.ANCHOR_NOT_ADVANCING);
  }

  @Test
  void auditHeadSignatureUnderAnotherTag_cannotBeReplayedAsAnAnchor() {
    // The same body signed under the audit-head tag (or any other command's) does not verify here.
    AnchorAuditHead body = new AnchorAuditHead(net.header("attestor-1"), 5, hash(5));
    SignedEnvelope otherTag = SignedEnvelope.sign(CommandType.SHARE_RECEIPT.domain(), body.encode(),
        net.key("attestor-1"));
    SignedCommand reframed = SignedCommand.of(CommandType.ANCHOR_AUDIT_HEAD, "attestor-1", otherTag);
    assertThat(rejection(machine, state, reframed).code()).isEqualTo(RejectionCode.BAD_SIGNATURE);
  }

  @Test
  void replayedAnchor_isRefusedBySequence() {
    SignedCommand a = anchor("attestor-1", 5, net.key("attestor-1"));
    RegistryState s = applyAll(machine, state, List.of(a));
    assertThat(rejection(machine, s, a).code()).isEqualTo(RejectionCode.REPLAYED_SEQUENCE);
  }

  @Test
  void malformedAnchorBodies_areRefusedByTheirConstructor() {
    CommandHeader h = net.header("attestor-1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AnchorAuditHead(h, 0, hash(1)))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AnchorAuditHead(h, 1, Blob.copyOf(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
