package io.keyquorum.consensus;

/**
 * Receives committed blocks in height order, each height once per process lifetime. Across a crash,
 * the height last delivered may be delivered again if the crash fell between delivery and the
 * store recording it; the listener should make applying a height idempotent (see docs/CONSENSUS.md).
 */
@FunctionalInterface
public interface CommitListener {
  void onCommit(CommittedBlock block);
}
