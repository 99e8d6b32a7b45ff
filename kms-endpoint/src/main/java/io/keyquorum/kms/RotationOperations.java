package io.keyquorum.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.client.KeyInfo;
import java.util.Map;
import java.util.Optional;

/**
 * Rotation. Keyquorum rotates on request (a new version dealt to the same attestors; old versions
 * still decrypt) but keeps no rotation schedule, so automatic rotation cannot be turned on.
 */
final class RotationOperations {
  private RotationOperations() {}

  static void register(Map<String, Operation> ops) {
    ops.put("EnableKeyRotation", c -> {
      throw KmsError.unsupported("keyquorum keeps no rotation schedule; rotate with RotateKeyOnDemand");
    });
    ops.put("DisableKeyRotation", c -> {
      throw KmsError.unsupported("keyquorum keeps no rotation schedule, so there is none to disable");
    });
    ops.put("GetKeyRotationStatus", c -> {
      KeyInfo key = c.key("KeyId");
      ObjectNode out = c.output();
      // True: no automatic rotation is ever scheduled for a keyquorum key.
      out.put("KeyRotationEnabled", false);
      out.put("KeyId", c.arn(key.keyId()));
      return out;
    });
    ops.put("RotateKeyOnDemand", c -> {
      KeyInfo key = c.key("KeyId");
      KeyInfo rotated = c.caller().client().rotateKey(key.keyId(), Optional.empty());
      ObjectNode out = c.output();
      out.put("KeyId", c.arn(rotated.keyId()));
      return out;
    });
  }
}
