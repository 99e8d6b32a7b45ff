package io.keyquorum.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One KMS operation: an authenticated call's members in, the operation's output shape out. */
@FunctionalInterface
interface Operation {
  ObjectNode apply(Call call);
}
