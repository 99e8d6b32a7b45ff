package io.keyquorum.kms;

import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import java.nio.charset.StandardCharsets;

/**
 * Compiles a key policy before it is sent: the registry stores a document it is given, and a
 * document that does not compile would only fail later, closed, at every attestor. AWS answers
 * such a document with MalformedPolicyDocumentException up front; so does this endpoint.
 */
final class PolicyDocuments {
  private static final PolicyCompiler COMPILER = new PolicyCompiler();

  private PolicyDocuments() {}

  static String checked(String document) {
    try {
      COMPILER.compile(document.getBytes(StandardCharsets.UTF_8));
      return document;
    } catch (InvalidPolicyException e) {
      throw new KmsError("MalformedPolicyDocumentException", 400, "the keyquorum policy document does not compile: "
          + e.getMessage());
    }
  }
}
