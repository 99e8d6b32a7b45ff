package io.keyquorum.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: the orchestrator, the SDK and the attestor take their clock ({@link Clock}) and
 * randomness ({@link SecureRandom}) from whoever composes them, so tests can run them on a
 * controlled clock and entropy. Reading the system clock or making a new source of entropy is
 * allowed only in one composition root per node, named here.
 */
class InjectedClockAndRandomnessTest {
  /** The methods that pick the system clock and the JDK's entropy for production, one per node. */
  static final Set<String> COMPOSITION_ROOTS = Set.of(
      "io.keyquorum.orchestrator.node.OrchestratorNode.start",
      "io.keyquorum.client.KeyQuorumClient.connect",
      "io.keyquorum.attestor.AttestorNode.start");

  /** Reading the wall clock, or making entropy, without going through an injected one. */
  static final Set<String> AMBIENT = Set.of(
      "java.lang.System.currentTimeMillis",
      "java.time.Instant.now", "java.time.LocalDateTime.now", "java.time.OffsetDateTime.now",
      "java.time.ZonedDateTime.now", "java.time.LocalDate.now",
      "java.time.Clock.systemUTC", "java.time.Clock.systemDefaultZone", "java.time.Clock.system",
      "java.security.SecureRandom.<init>", "java.security.SecureRandom.getInstance",
      "java.security.SecureRandom.getInstanceStrong");

  /**
   * Calls, and method or constructor references ({@code System::currentTimeMillis},
   * {@code SecureRandom::new}), to {@link #AMBIENT}; {@code now(Clock)} reads an injected clock and
   * is fine.
   */
  static final ArchCondition<JavaClass> USE_NO_AMBIENT_CLOCK_OR_ENTROPY =
      new ArchCondition<>("read no system clock and make no entropy outside " + COMPOSITION_ROOTS) {
        @Override
        public void check(JavaClass javaClass, ConditionEvents events) {
          for (JavaAccess<?> access : javaClass.getAccessesFromSelf()) {
            if (!(access.getTarget() instanceof CodeUnitAccessTarget target)) {
              continue;
            }
            String name = target.getOwner().getName() + "." + target.getName();
            boolean takesAClock = target.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Clock.class));
            String origin = access.getOrigin().getOwner().getName() + "." + access.getOrigin().getName();
            if (AMBIENT.contains(name) && !takesAClock && !COMPOSITION_ROOTS.contains(origin)) {
              events.add(SimpleConditionEvent.violated(access, access.getDescription()));
            }
          }
        }
      };

  @Test
  void orchestratorClientAndAttestor_takeTheirClockAndRandomnessInjected() {
    JavaClasses main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.keyquorum.orchestrator", "io.keyquorum.client", "io.keyquorum.attestor");
    assertThat(main.stream().map(JavaClass::getName)).contains("io.keyquorum.orchestrator.Orchestrator",
        "io.keyquorum.client.KeyQuorumClient", "io.keyquorum.attestor.AttestorNode");
    classes().that().resideInAnyPackage(
            "io.keyquorum.orchestrator..", "io.keyquorum.client..", "io.keyquorum.attestor..")
        .should(USE_NO_AMBIENT_CLOCK_OR_ENTROPY)
        .because("clock and randomness are injected (issue 14 item 3); only a node's composition root picks them")
        .check(main);
  }

  /** The rule is not vacuous: it sees direct calls, method references and constructor references. */
  @Test
  void ambientClockAndEntropy_areCaught_alsoAsMethodReferences() {
    JavaClasses creeper = new ClassFileImporter().importClasses(Creeper.class);
    EvaluationResult result = classes().should(USE_NO_AMBIENT_CLOCK_OR_ENTROPY).evaluate(creeper);
    assertThat(result.getFailureReport().getDetails()).hasSize(4)
        .anyMatch(d -> d.contains("System.currentTimeMillis"))
        .anyMatch(d -> d.contains("Instant.now"))
        .anyMatch(d -> d.contains("SecureRandom.<init>"))
        .noneMatch(d -> d.contains("fine"));
  }

  @SuppressWarnings("unused")
  private static final class Creeper {
    long direct() {
      return System.currentTimeMillis();
    }

    Instant now() {
      return Instant.now();
    }

    LongSupplier reference() {
      return System::currentTimeMillis;
    }

    Supplier<SecureRandom> entropy() {
      return SecureRandom::new;
    }

    Instant fine(Clock injected) {
      return Instant.now(injected);
    }
  }
}
