package io.keyquorum.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.RegexLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles policy documents once, into immutable {@link CompiledPolicy} objects that are safe to
 * share between threads. Every {@code when} is parsed, type-checked as {@code bool} against the
 * declared variables, and checked against {@link PolicyLimits}; literal timestamps and regular
 * expressions are validated here rather than failing at evaluation time. One compiler may be
 * shared: it holds only the CEL environment.
 */
public final class PolicyCompiler {
  private final Cel cel;
  private final CelValidator validator;

  public PolicyCompiler() {
    CelOptions options =
        CelOptions.current()
            .maxExpressionCodePointSize(PolicyLimits.MAX_EXPRESSION_CODE_POINTS)
            .maxParseExpressionNodeCount(PolicyLimits.MAX_EXPRESSION_NODES)
            .maxParseRecursionDepth(PolicyLimits.MAX_NESTING_DEPTH)
            .comprehensionMaxIterations(PolicyLimits.MAX_COMPREHENSION_ITERATIONS)
            .maxRegexProgramSize(PolicyLimits.MAX_REGEX_PROGRAM_SIZE)
            .build();
    this.cel =
        CelFactory.standardCelBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(PolicyVariables.TYPES)
            .addVar("request", PolicyVariables.REQUEST)
            .addVar("client", PolicyVariables.CLIENT)
            .addVar("attestor", PolicyVariables.ATTESTOR)
            .setResultType(SimpleType.BOOL)
            .build();
    this.validator =
        CelValidatorFactory.standardCelValidatorBuilder(cel)
            .addAstValidators(TimestampLiteralValidator.INSTANCE, RegexLiteralValidator.INSTANCE)
            .build();
  }

  /**
   * Parses (YAML or JSON) and compiles a document. Its {@link CompiledPolicy#warnings()} name
   * the document line of each rule they concern.
   */
  public CompiledPolicy compile(byte[] document) throws InvalidPolicyException {
    PolicyDocument parsed = PolicyDocumentParser.parse(document);
    CompiledPolicy compiled;
    try {
      compiled = compile(parsed);
    } catch (InvalidPolicyException e) {
      throw PolicyDocumentParser.locate(e, document, "when");
    }
    if (compiled.warnings().isEmpty()) {
      return compiled;
    }
    List<PolicyWarning> located = new ArrayList<>(compiled.warnings().size());
    for (PolicyWarning w : compiled.warnings()) {
      located.add(w.atDocumentLine(PolicyDocumentParser.lineOf(document, w.ruleIndex(), "when")));
    }
    return compiled.withWarnings(located);
  }

  /**
   * Compiles every rule of {@code document}; the first rule that fails is reported. Deny rules
   * are also checked for reads that can error on what a client sends ({@link DenyRuleCheck}).
   */
  public CompiledPolicy compile(PolicyDocument document) throws InvalidPolicyException {
    List<CompiledRule> rules = new ArrayList<>(document.rules().size());
    List<PolicyWarning> warnings = new ArrayList<>();
    for (int i = 0; i < document.rules().size(); i++) {
      PolicyRule rule = document.rules().get(i);
      CelAbstractSyntaxTree ast = checkedCondition(i, rule.when());
      rules.add(new CompiledRule(i, rule, program(i, ast)));
      warnings.addAll(DenyRuleCheck.check(i, rule, ast));
    }
    return new CompiledPolicy(document, rules, warnings);
  }

  private CelAbstractSyntaxTree checkedCondition(int index, String when)
      throws InvalidPolicyException {
    try {
      CelAbstractSyntaxTree ast = cel.compile(when).getAst();
      CelValidationResult validation = validator.validate(ast);
      if (validation.hasError()) {
        throw new InvalidPolicyException(index, "when " + describe(validation.getErrors()));
      }
      return ast;
    } catch (CelValidationException e) {
      throw new InvalidPolicyException(index, "when " + describe(e.getErrors()));
    }
  }

  private CelRuntime.Program program(int index, CelAbstractSyntaxTree ast)
      throws InvalidPolicyException {
    try {
      return cel.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new InvalidPolicyException(index, "when cannot be planned: " + e.getMessage());
    }
  }

  /** "line:column: message" of the first issue, with a 1-based column as editors count. */
  private static String describe(List<CelIssue> issues) {
    if (issues.isEmpty()) {
      return "does not compile";
    }
    CelIssue first = issues.get(0);
    CelSourceLocation at = first.getSourceLocation();
    String position = at.getLine() > 0 ? at.getLine() + ":" + (at.getColumn() + 1) + ": " : "";
    String more = issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : "";
    return position + first.getMessage() + more;
  }
}
