package io.keyquorum.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Layout table ("may import") as rules over the main classes of every module the
 * cli is built from, which is all of them except the tests-only modules (e2e, resilience) and
 * benchmarks (whose pom allows it crypto and policy only). Module {@code m} lives in package
 * {@code io.keyquorum.m}. Read a failure as: this class now imports across a line the README
 * draws; move the code, or change the README and this table together, on purpose.
 */
class LayeringTest {
  /** Module → the keyquorum modules its main code may use. An acyclic table: one way only. */
  static final Map<String, Set<String>> MAY_USE = new TreeMap<>(Map.ofEntries(
      Map.entry("crypto", Set.of()),
      Map.entry("policy", Set.of()),
      Map.entry("consensus", Set.of("crypto")),
      Map.entry("registry", Set.of("crypto", "consensus")),
      Map.entry("protocol", Set.of("crypto")),
      Map.entry("rpc", Set.of("crypto")),
      Map.entry("node", Set.of("crypto", "consensus", "registry", "rpc")),
      Map.entry("attestor", Set.of("crypto", "policy", "consensus", "registry", "protocol", "rpc", "node")),
      // policy: the orchestrator checks a key policy before fanning out (flow.KeyPolicyCheck).
      Map.entry("orchestrator", Set.of("crypto", "policy", "registry", "protocol", "rpc", "node")),
      // registry: only its command package, see CLIENT_SIGNS_REGISTRY_COMMANDS.
      Map.entry("client", Set.of("crypto", "protocol", "rpc")),
      // The AWS KMS endpoint is a client of keyquorum: policy to compile a document before sending it.
      Map.entry("kms", Set.of("crypto", "policy", "protocol", "rpc", "client")),
      Map.entry("cli", Set.of("crypto", "policy", "consensus", "registry", "protocol", "rpc", "node",
          "attestor", "orchestrator", "client", "kms"))));

  /**
   * Exception, frozen: the SDK builds and signs the admin commands (enable, disable, put policy,
   * register client...) that the registry decodes, so it shares the registry's command types
   * rather than a copy that could drift from the signed bytes; and it verifies membership epochs
   * and commit proofs itself with the registry's light-client verifier ({@code registry.light}),
   * which needs no storage. Only those two packages: the SDK must not reach the state machine, its
   * logs or its storage (issue 14 moves both into a registry-core module).
   */
  static final DescribedPredicate<JavaClass> CLIENT_SIGNS_REGISTRY_COMMANDS =
      resideInAnyPackage("io.keyquorum.registry.command..", "io.keyquorum.registry.light..");

  /** I/O beyond memory: files, sockets, HTTP, SQL, RPC, processes, directory services. */
  static final DescribedPredicate<JavaClass> IO = resideInAnyPackage(
          "java.nio.file..", "java.nio.channels..", "java.net..", "javax.net..", "java.sql..",
          "javax.sql..", "org.sqlite..", "io.grpc..", "com.sun.net..", "java.rmi..", "javax.naming..")
      .or(belongToAnyOf(ProcessBuilder.class, Process.class))
      .or(resideInAPackage("java.io").and(not(belongToAnyOf(
          // What in-memory encoding and parsing truly need: byte-array streams and the
          // checked exception that Jackson's and the JDK's stream APIs declare.
          java.io.ByteArrayInputStream.class, java.io.ByteArrayOutputStream.class,
          java.io.IOException.class, java.io.UncheckedIOException.class))))
      .as("I/O (files, sockets, SQL, gRPC, processes; java.io beyond byte-array streams)");

  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // Test-jars (the orchestrator's test cluster) when Maven resolves them as jars.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.keyquorum");
  }

  @Test
  void everyModuleIsImported_soNoRuleHoldsVacuously() {
    for (String module : MAY_USE.keySet()) {
      assertThat(main.that(resideInAPackage(pkg(module)))).as(module).isNotEmpty();
    }
  }

  @Test
  void modulesUseOnlyTheModulesTheReadmeAllows() {
    // One composite rule, so that a failure lists every module's breaches, not the first one's.
    List<ArchRule> rules = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : MAY_USE.entrySet()) {
      String module = e.getKey();
      DescribedPredicate<JavaClass> forbidden = DescribedPredicate.alwaysFalse();
      for (String other : MAY_USE.keySet()) {
        if (!other.equals(module) && !e.getValue().contains(other)) {
          forbidden = forbidden.or(resideInAPackage(pkg(other)));
        }
      }
      if (module.equals("client")) {
        forbidden = forbidden.and(not(CLIENT_SIGNS_REGISTRY_COMMANDS));
      }
      Set<String> allowed = new TreeSet<>(e.getValue());
      rules.add(noClasses().that().resideInAPackage(pkg(module))
          .should().dependOnClassesThat(forbidden.as("are in a module outside " + allowed))
          .because("README Layout: " + module + " may import " + allowed));
    }
    CompositeArchRule.of(rules)
        .as("every module uses only the modules the README's Layout table allows (MAY_USE)")
        .check(main);
  }

  @Test
  void modulesHaveNoCycles() {
    SlicesRuleDefinition.slices().matching("io.keyquorum.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void cryptoImportsNoIo() {
    noClasses().that().resideInAPackage(pkg("crypto")).should().dependOnClassesThat(IO).check(main);
  }

  @Test
  void cryptoDependsOnlyOnTheJdkAndBouncyCastle() {
    classes().that().resideInAPackage(pkg("crypto"))
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "java..", "javax.crypto..", "org.bouncycastle..", pkg("crypto"))
        .check(main);
  }

  @Test
  void policyImportsNoIo() {
    noClasses().that().resideInAPackage(pkg("policy")).should().dependOnClassesThat(IO).check(main);
  }

  @Test
  void policyDependsOnlyOnCelJacksonAndWhatCelNeeds() {
    classes().that().resideInAPackage(pkg("policy"))
        .should().onlyDependOnClassesThat(resideInAnyPackage(
                "java..", "dev.cel..", "com.fasterxml.jackson..", "org.yaml.snakeyaml..", pkg("policy"),
                // CEL's API takes Guava immutable collections for variable declarations.
                // No protobuf: CEL brings its runtime, but no policy class references it.
                "com.google.common.collect..")
            .as("the JDK, CEL (with the Guava collections its API takes), Jackson"))
        .check(main);
  }

  @Test
  void noGrpcOrProtobufBelowRpc() {
    noClasses().that().resideInAnyPackage(
            pkg("crypto"), pkg("policy"), pkg("consensus"), pkg("registry"), pkg("protocol"))
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "com.google.protobuf..")
        .because("protobuf types stay in the adapters (STYLE.md)")
        .check(main);
  }

  @Test
  void onlyTheModulesThatStoreStateUseSql() {
    noClasses().that().resideOutsideOfPackages(pkg("consensus"), pkg("registry"), pkg("attestor"))
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..")
        .check(main);
  }

  private static String pkg(String module) {
    return "io.keyquorum." + module + "..";
  }
}
