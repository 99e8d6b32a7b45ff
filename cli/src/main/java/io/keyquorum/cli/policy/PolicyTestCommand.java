package io.keyquorum.cli.policy;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.policy.CompiledPolicy;
import io.keyquorum.policy.Decision;
import io.keyquorum.policy.InvalidPolicyException;
import io.keyquorum.policy.InvalidPolicyInputException;
import io.keyquorum.policy.PolicyCompiler;
import io.keyquorum.policy.PolicyInput;
import io.keyquorum.policy.PolicyInputReader;
import io.keyquorum.policy.PolicyLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kq policy test}: evaluate one policy file against one request file, offline. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Evaluate a policy against a request file and explain the decision.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the request is allowed",
      "1:the request is denied",
      "2:invalid policy or request file, or invalid command line"
    })
public final class PolicyTestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "Policy document, YAML or JSON.")
  Path policyFile;

  @Option(names = "--request", required = true, paramLabel = "REQUEST.json",
      description = "Request file: {\"request\": {...}, \"client\": {...}, \"attestor\": {...}}.")
  Path requestFile;

  @Option(names = "--json", description = "Print the decision as JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy policy;
    PolicyInput input;
    try {
      byte[] document = PolicyFiles.read(policyFile, PolicyLimits.MAX_DOCUMENT_BYTES);
      policy = new PolicyCompiler().compile(document);
    } catch (InvalidPolicyException e) {
      err.println("kq: invalid policy " + policyFile + ": " + e.getMessage());
      return ExitCodes.INVALID;
    } catch (IOException e) {
      err.println("kq: cannot read policy " + policyFile + ": " + PolicyFiles.describe(e));
      return ExitCodes.INVALID;
    }
    try {
      input = PolicyInputReader.read(
          PolicyFiles.read(requestFile, PolicyInputReader.MAX_INPUT_BYTES));
    } catch (InvalidPolicyInputException e) {
      err.println("kq: invalid request " + requestFile + ": " + e.getMessage());
      return ExitCodes.INVALID;
    } catch (IOException e) {
      err.println("kq: cannot read request " + requestFile + ": " + PolicyFiles.describe(e));
      return ExitCodes.INVALID;
    }
    Decision decision = policy.evaluate(input, Clock.systemUTC());
    out.print(json ? DecisionJson.render(policy, decision) : DecisionText.render(policy, decision));
    out.flush();
    return decision.allowed() ? ExitCodes.OK : ExitCodes.DENIED;
  }
}
