package io.keyquorum.registry.log;

/** Receives committed blocks strictly in height order, each exactly once per subscription. */
@FunctionalInterface
public interface CommittedBlockListener {
  void onCommit(CommittedBlock block);
}
