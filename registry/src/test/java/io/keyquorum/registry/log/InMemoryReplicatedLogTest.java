package io.keyquorum.registry.log;

class InMemoryReplicatedLogTest extends ReplicatedLogContract {
  @Override
  ReplicatedLog newLog() {
    return new InMemoryReplicatedLog();
  }
}
