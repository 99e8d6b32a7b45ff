package io.keyquorum.cli.policy;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq policy check}: compile a policy file exactly as an attestor would load it, without
 * evaluating it; for operators about to replace a local policy file.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check that a policy file parses and compiles.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the policy is valid", "2:the policy is invalid, or invalid command line"})
public final class PolicyCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "Policy document, YAML or JSON.")
  Path policyFile;

  @Override
  public Integer call() {
    try {
      byte[] document = PolicyFiles.read(policyFile, PolicyLimits.MAX_DOCUMENT_BYTES);
      CompiledPolicy policy = new PolicyCompiler().compile(document);
      spec.commandLine().getOut().println(
          "valid: policy " + policy.name() + ", " + policy.document().rules().size() + " rules");
      return ExitCodes.OK;
    } catch (InvalidPolicyException e) {
      spec.commandLine().getErr().println(
          "kq: invalid policy " + policyFile + ": " + e.getMessage());
    } catch (IOException e) {
      spec.commandLine().getErr().println(
          "kq: cannot read policy " + policyFile + ": " + PolicyFiles.describe(e));
    }
    return ExitCodes.INVALID;
  }
}
