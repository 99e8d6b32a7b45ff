package io.keyquorum.consensus;

class InMemoryBlockStoreTest extends BlockStoreContract {
  @Override
  BlockStore open() {
    return new InMemoryBlockStore();
  }
}
