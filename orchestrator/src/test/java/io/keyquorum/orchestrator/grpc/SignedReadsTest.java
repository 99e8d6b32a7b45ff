package io.keyquorum.orchestrator.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.keyquorum.crypto.Ed25519PrivateKey;
import io.keyquorum.crypto.GenesisHash;
import io.keyquorum.orchestrator.flow.FlowSettings;
import io.keyquorum.orchestrator.testing.TestCluster;
import io.keyquorum.protocol.ReadRequest;
import io.keyquorum.protocol.ReadRequest.Operation;
import io.keyquorum.protocol.SignedReadRequest;
import io.keyquorum.rpc.tls.ChannelOptions;
import io.keyquorum.rpc.tls.NodeChannels;
import io.keyquorum.rpc.v1.DescribeKeyRequest;
import io.keyquorum.rpc.v1.GetStatusRequest;
import io.keyquorum.rpc.v1.KeyQuorumGrpc;
import io.keyquorum.rpc.v1.ListKeysRequest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DescribeKey, ListKeys and GetStatus over the real client port: only a read signed by a
 * registered, enabled client, for this operation and network, fresh and unused, is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedReadsTest {
  private final SecureRandom random = new SecureRandom();
  private TestCluster cluster;
  private ManagedChannel channel;
  private Ed25519PrivateKey reader;

  @BeforeAll
  void start() throws Exception {
    cluster = new TestCluster(3, 0, FlowSettings.defaults());
    reader = cluster.registerClient("reader", List.of("app"), Map.of());
    channel = NodeChannels.serverAuthenticated(cluster.caCertificate(), TestCluster.ORCHESTRATOR, "127.0.0.1",
        cluster.orchestratorPort(), ChannelOptions.defaults());
  }

  @AfterAll
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    cluster.close();
  }

  private KeyQuorumGrpc.KeyQuorumBlockingStub stub() {
    return KeyQuorumGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private ByteString read(String clientId, Ed25519PrivateKey key, Operation op, String argument, GenesisHash network,
      long issuedAt) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return ByteString.copyFrom(SignedReadRequest.sign(
        new ReadRequest(clientId, op, argument, network, nonce, issuedAt), key).encode());
  }

  private ByteString read(Operation op, String argument) {
    return read("reader", reader, op, argument, cluster.genesisHash(), System.currentTimeMillis());
  }

  private static void refused(ThrowingCallable call, Status.Code code, String fragment) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("call should be refused").isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).contains(fragment);
  }

  @Test
  void registeredClient_describesListsAndReadsStatus() {
    assertThat(stub().listKeys(ListKeysRequest.newBuilder().setSignedRead(read(Operation.LIST_KEYS, "")).build())
        .getKeysList()).isNotNull();
    assertThat(stub().getStatus(GetStatusRequest.newBuilder().setSignedRead(read(Operation.GET_STATUS, "")).build())
        .getAttestorsCount()).isEqualTo(3);
    refused(() -> stub().describeKey(DescribeKeyRequest.newBuilder().setKeyRef("no-such-key")
        .setSignedRead(read(Operation.DESCRIBE_KEY, "no-such-key")).build()), Status.Code.NOT_FOUND, "not found");
  }

  @Test
  void unsignedDescribeKey_isRefused() {
    refused(() -> stub().describeKey(DescribeKeyRequest.newBuilder().setKeyRef("k").build()),
        Status.Code.PERMISSION_DENIED, "registered client");
  }

  @Test
  void unsignedListKeys_isRefused() {
    refused(() -> stub().listKeys(ListKeysRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
        "registered client");
  }

  @Test
  void unsignedGetStatus_isRefused() {
    refused(() -> stub().getStatus(GetStatusRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
        "registered client");
  }

  @Test
  void unregisteredClientListingKeysOrReadingStatus_isRefused() {
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(random);
    long now = System.currentTimeMillis();
    refused(() -> stub().listKeys(ListKeysRequest.newBuilder().setSignedRead(
        read("stranger", stranger, Operation.LIST_KEYS, "", cluster.genesisHash(), now)).build()),
        Status.Code.PERMISSION_DENIED, "not registered");
    refused(() -> stub().getStatus(GetStatusRequest.newBuilder().setSignedRead(
        read("stranger", stranger, Operation.GET_STATUS, "", cluster.genesisHash(), now)).build()),
        Status.Code.PERMISSION_DENIED, "not registered");
    // A registered client's name with a key that is not its registered one.
    refused(() -> stub().listKeys(ListKeysRequest.newBuilder().setSignedRead(
        read("reader", stranger, Operation.LIST_KEYS, "", cluster.genesisHash(), now)).build()),
        Status.Code.PERMISSION_DENIED, "does not verify");
  }

  @Test
  void readSignedForAnotherOperationOrNetworkOrKey_isRefused() {
    refused(() -> stub().getStatus(GetStatusRequest.newBuilder().setSignedRead(read(Operation.LIST_KEYS, "")).build()),
        Status.Code.PERMISSION_DENIED, "signed for list-keys");
    refused(() -> stub().listKeys(ListKeysRequest.newBuilder().setSignedRead(
        read("reader", reader, Operation.LIST_KEYS, "", GenesisHash.ofPayload(new byte[1]), System.currentTimeMillis()))
        .build()), Status.Code.PERMISSION_DENIED, "read is signed for network");
    refused(() -> stub().describeKey(DescribeKeyRequest.newBuilder().setKeyRef("payroll")
        .setSignedRead(read(Operation.DESCRIBE_KEY, "no-such-key")).build()), Status.Code.INVALID_ARGUMENT,
        "not the key the read is signed for");
  }

  @Test
  void staleOrReplayedRead_isRefused() {
    refused(() -> stub().listKeys(ListKeysRequest.newBuilder().setSignedRead(read("reader", reader,
        Operation.LIST_KEYS, "", cluster.genesisHash(), System.currentTimeMillis() - 31_000)).build()),
        Status.Code.INVALID_ARGUMENT, "clock skew");
    ListKeysRequest once = ListKeysRequest.newBuilder().setSignedRead(read(Operation.LIST_KEYS, "")).build();
    stub().listKeys(once);
    refused(() -> stub().listKeys(once), Status.Code.INVALID_ARGUMENT, "replayed");
  }
}
