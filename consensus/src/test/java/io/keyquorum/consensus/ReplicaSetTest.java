package io.keyquorum.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaSetTest {
  @ParameterizedTest(name = "n={0}: f={1}, q={2}")
  @CsvSource({"1,0,1", "2,0,2", "3,0,2", "4,1,3", "5,1,4", "6,1,4", "7,2,5", "8,2,6", "9,2,6", "10,3,7"})
  void quorumSize_followsCeilOfNPlusFPlusOneOverTwo(int n, int f, int q) {
    assertThat(ReplicaSet.faultTolerance(n)).isEqualTo(f);
    assertThat(ReplicaSet.quorumSize(n)).isEqualTo(q);
  }

  @Test
  void everyQuorumPairSharesAnHonestReplica_andHonestReplicasAloneFormAQuorum() {
    for (int n = 1; n <= 200; n++) {
      int f = ReplicaSet.faultTolerance(n);
      int q = ReplicaSet.quorumSize(n);
      assertThat(2 * q - n).as("overlap of two quorums, n=%d", n).isGreaterThanOrEqualTo(f + 1);
      assertThat(q).as("liveness needs q <= n-f, n=%d", n).isLessThanOrEqualTo(n - f);
    }
  }

  @Test
  void quorumIsTwoFPlusOne_exactlyWhenNIsThreeFPlusOne() {
    for (int f = 0; f <= 20; f++) {
      assertThat(ReplicaSet.quorumSize(3 * f + 1)).isEqualTo(2 * f + 1);
    }
  }

  @Test
  void leadersRotateRoundRobinByTerm() {
    ReplicaSet set = new TestKeys(4, 1).replicas;
    int t = ReplicaSet.VIEWS_PER_TERM;
    assertThat(set.leaderOf(0)).isEqualTo(0);
    assertThat(set.leaderOf(t - 1)).isEqualTo(0);
    assertThat(set.leaderOf(t)).isEqualTo(1);
    assertThat(set.leaderOf(4L * t)).isEqualTo(0);
    assertThat(ReplicaSet.nextTermStart(t + 1)).isEqualTo(2L * t);
  }

  @Test
  void differentReplicaSets_haveDifferentGenesis() {
    assertThat(new TestKeys(4, 1).replicas.genesisHash()).isNotEqualTo(new TestKeys(4, 2).replicas.genesisHash());
  }

  @Test
  void repeatedMemberKey_isRejected() {
    TestKeys keys = new TestKeys(2, 1);
    assertThatThrownBy(() -> new ReplicaSet(java.util.List.of(keys.key(0).publicKey(), keys.key(0).publicKey())))
        .hasMessageContaining("twice");
  }
}
