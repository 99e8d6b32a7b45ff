package io.keyquorum.cli.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyquorum.cli.ExitCodes;
import io.keyquorum.cli.session.Output;
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
 * evaluating it; for operators about to replace a local policy file. Deny-rule warnings (reads
 * and conversions that can error on what a client sends) go to stderr, or into {@code --json}.
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

  @Option(names = "--json", description = "Print the result (or error) as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Output output = new Output(json, spec.commandLine().getOut(), spec.commandLine().getErr());
    try {
      byte[] document = PolicyFiles.read(policyFile, PolicyLimits.MAX_DOCUMENT_BYTES);
      CompiledPolicy policy = new PolicyCompiler().compile(document);
      ObjectNode root = Output.object();
      root.put("valid", true);
      root.put("policy", policy.name());
      root.put("rules", policy.document().rules().size());
      PolicyWarnings.addTo(root, policy.warnings());
      output.result(root,
          "valid: policy " + policy.name() + ", " + policy.document().rules().size() + " rules\n");
      if (!json) {
        PolicyWarnings.print(output.err(), policyFile, policy.warnings());
      }
      return ExitCodes.OK;
    } catch (InvalidPolicyException e) {
      return output.usage("invalid policy " + policyFile + ": " + e.getMessage());
    } catch (IOException e) {
      return output.usage("cannot read policy " + policyFile + ": " + PolicyFiles.describe(e));
    }
  }
}
