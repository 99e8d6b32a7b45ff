package io.keyquorum.cli.policy;

import io.keyquorum.cli.session.UsageException;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyLimits;
import io.keyquorum.policy.PolicyWarning;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A policy document about to be sent to the network. It is compiled here first, exactly as each
 * attestor will compile it, so a typo is refused with its rule index and position before it
 * costs a registry command (and before an attestor would refuse to load it).
 */
public final class PolicyUpload {
  private PolicyUpload() {}

  /** A document that compiled: its text, and what the deny-rule check found in it. */
  public record Checked(String text, List<PolicyWarning> warnings) {
    public Checked {
      warnings = List.copyOf(warnings);
    }
  }

  /** Reads and compiles the file; returns its text, or throws {@link UsageException}. */
  public static String readCompiled(Path file) {
    return readChecked(file).text();
  }

  /** Reads and compiles the file; returns its text and warnings, or throws {@link UsageException}. */
  public static Checked readChecked(Path file) {
    byte[] bytes;
    try {
      bytes = PolicyFiles.read(file, PolicyLimits.MAX_DOCUMENT_BYTES);
    } catch (IOException e) {
      throw new UsageException("cannot read policy " + file + ": " + PolicyFiles.describe(e), e);
    }
    List<PolicyWarning> warnings;
    try {
      warnings = new PolicyCompiler().compile(bytes).warnings();
    } catch (InvalidPolicyException e) {
      throw new UsageException("invalid policy " + file + ": " + e.getMessage(), e);
    }
    try {
      return new Checked(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString(), warnings);
    } catch (CharacterCodingException e) {
      throw new UsageException("invalid policy " + file + ": not UTF-8", e);
    }
  }
}
