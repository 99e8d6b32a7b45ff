package io.keyquorum.cli.policy;

import io.keyquorum.cli.session.UsageException;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyLimits;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A policy document about to be sent to the network. It is compiled here first, exactly as each
 * attestor will compile it, so a typo is refused with its rule index and position before it
 * costs a registry command (and before an attestor would refuse to load it).
 */
public final class PolicyUpload {
  private PolicyUpload() {}

  /** Reads and compiles the file; returns its text, or throws {@link UsageException}. */
  public static String readCompiled(Path file) {
    byte[] bytes;
    try {
      bytes = PolicyFiles.read(file, PolicyLimits.MAX_DOCUMENT_BYTES);
    } catch (IOException e) {
      throw new UsageException("cannot read policy " + file + ": " + PolicyFiles.describe(e), e);
    }
    try {
      new PolicyCompiler().compile(bytes);
    } catch (InvalidPolicyException e) {
      throw new UsageException("invalid policy " + file + ": " + e.getMessage(), e);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException("invalid policy " + file + ": not UTF-8", e);
    }
  }
}
