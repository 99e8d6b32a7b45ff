package io.keyquorum.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aliases. A keyquorum key's alias is fixed when it is dealt (CreateKey's {@code keyquorum:alias}
 * tag) and the registry has no command to add, move or remove one, so only ListAliases is served;
 * the others say so instead of pretending.
 */
final class AliasOperations {
  private AliasOperations() {}

  static void register(Map<String, Operation> ops) {
    ops.put("CreateAlias", c -> {
      throw KmsError.unsupported("keyquorum fixes a key's alias when the key is created; pass CreateKey the tag "
          + KeyOperations.ALIAS_TAG + "=NAME to get alias/NAME");
    });
    ops.put("UpdateAlias", c -> {
      throw KmsError.unsupported("keyquorum aliases cannot be moved to another key");
    });
    ops.put("DeleteAlias", c -> {
      throw KmsError.unsupported("keyquorum aliases cannot be deleted; they live as long as their key");
    });
    ops.put("ListAliases", AliasOperations::listAliases);
  }

  private static ObjectNode listAliases(Call c) {
    Optional<String> only = c.string("KeyId").map(id -> c.key("KeyId").keyId());
    List<KeyInfo> keys = c.caller().client().listKeys().stream()
        .filter(k -> !k.alias().isEmpty() && only.map(k.keyId()::equals).orElse(true)).toList();
    KeyOperations.Page page = KeyOperations.Page.of(c, keys.size());
    ObjectNode out = c.output();
    ArrayNode list = out.putArray("Aliases");
    for (KeyInfo k : keys.subList(page.from(), page.to())) {
      list.addObject().put("AliasName", KeyIds.ALIAS_PREFIX + k.alias())
          .put("AliasArn", KeyIds.aliasArn(c.region(), c.account(), k.alias()))
          .put("TargetKeyId", k.keyId());
    }
    page.write(out);
    return out;
  }
}
