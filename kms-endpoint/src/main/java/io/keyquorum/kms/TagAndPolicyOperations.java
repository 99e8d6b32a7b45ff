package io.keyquorum.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyInfo;
import io.keyquorum.client.KeyPolicy;
import io.keyquorum.client.KeyQuorumException;
import java.util.Map;

/**
 * Tags and key policies. The registry stores no tags; the only tag a key has is its alias, as
 * CreateKey took it. The key policy is the keyquorum policy document (YAML), under AWS's single
 * policy name {@code default}.
 */
final class TagAndPolicyOperations {
  static final String POLICY_NAME = "default";

  private TagAndPolicyOperations() {}

  static void register(Map<String, Operation> ops) {
    ops.put("TagResource", c -> {
      throw KmsError.unsupported("keyquorum keys carry no tags");
    });
    ops.put("UntagResource", c -> {
      throw KmsError.unsupported("keyquorum keys carry no tags");
    });
    ops.put("ListResourceTags", c -> {
      KeyInfo key = c.key("KeyId");
      ObjectNode out = c.output();
      out.putArray("Tags").addObject().put("TagKey", KeyOperations.ALIAS_TAG).put("TagValue", key.alias());
      out.put("Truncated", false);
      return out;
    });
    ops.put("ListKeyPolicies", c -> {
      c.key("KeyId");
      ObjectNode out = c.output();
      out.putArray("PolicyNames").add(POLICY_NAME);
      out.put("Truncated", false);
      return out;
    });
    ops.put("GetKeyPolicy", c -> {
      policyName(c);
      KeyPolicy policy = c.caller().client().keyPolicy(KeyIds.reference(c.required("KeyId"), c.account()));
      ObjectNode out = c.output();
      out.put("Policy", policy.document());
      out.put("PolicyName", POLICY_NAME);
      return out;
    });
    ops.put("PutKeyPolicy", TagAndPolicyOperations::putKeyPolicy);
  }

  private static ObjectNode putKeyPolicy(Call c) {
    policyName(c);
    String document = PolicyDocuments.checked(c.required("Policy"));
    KeyPolicy current = c.caller().client().keyPolicy(KeyIds.reference(c.required("KeyId"), c.account()));
    try {
      // The expected version makes a concurrent change fail instead of being overwritten.
      c.caller().adminOrThrow("PutKeyPolicy").putKeyPolicy(current.keyId(), current.version(), document);
    } catch (KeyQuorumException e) {
      throw ErrorMapping.of(e, true);
    }
    return c.output();
  }

  private static void policyName(Call c) {
    String name = c.string("PolicyName").orElse(POLICY_NAME);
    if (!name.equals(POLICY_NAME)) {
      throw KmsError.notFound("a keyquorum key has one policy, named " + POLICY_NAME);
    }
  }
}
