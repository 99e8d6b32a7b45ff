package io.keyquorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rpc} declares only what the services use: every message and every RPC generated from
 * {@code rpc/src/main/protobuf} is used by main code outside the generated package. A declared
 * but unused message or RPC is wire surface that nobody tests and an attacker may still call.
 */
class RpcSurfaceTest {
  private static final String GENERATED = "io.keyquorum.rpc.v1";

  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.keyquorum");
  }

  @Test
  void everyProtoMessage_isUsedByMainCodeOutsideTheGeneratedCode() {
    List<String> messages = new ArrayList<>();
    List<String> unused = new ArrayList<>();
    for (JavaClass c : main) {
      if (c.getPackageName().equals(GENERATED) && !c.isInterface() && c.isAssignableTo(Message.class)) {
        messages.add(c.getSimpleName());
        boolean used = c.getDirectDependenciesToSelf().stream()
            .anyMatch(d -> !d.getOriginClass().getPackageName().equals(GENERATED));
        if (!used) {
          unused.add(c.getSimpleName());
        }
      }
    }
    assertThat(messages).as("generated messages found").isNotEmpty();
    assertThat(unused).as("proto messages no main code uses").isEmpty();
  }

  @Test
  void everyRpc_isCalledByMainCodeOutsideTheGeneratedCode() throws Exception {
    // A call is a stub method (attest) on any of the service's stubs, or getAttestMethod(),
    // called or taken as a method reference (stub::attest).
    Set<String> called = new HashSet<>();
    for (JavaClass c : main) {
      if (c.getPackageName().equals(GENERATED)) {
        continue;
      }
      for (JavaAccess<?> access : c.getAccessesFromSelf()) {
        String owner = access.getTargetOwner().getName();
        if (owner.startsWith(GENERATED + ".")) {
          String service = owner.substring(GENERATED.length() + 1).replaceFirst("\\$.*", "");
          called.add(service + "." + access.getName());
        }
      }
    }
    List<String> rpcs = new ArrayList<>();
    List<String> uncalled = new ArrayList<>();
    for (JavaClass c : main) {
      if (c.getPackageName().equals(GENERATED) && c.getSimpleName().endsWith("Grpc")) {
        ServiceDescriptor service = (ServiceDescriptor) c.reflect()
            .getMethod("getServiceDescriptor").invoke(null);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
          String name = method.getBareMethodName();
          String stubMethod = Character.toLowerCase(name.charAt(0)) + name.substring(1);
          rpcs.add(method.getFullMethodName());
          if (!called.contains(c.getSimpleName() + "." + stubMethod)
              && !called.contains(c.getSimpleName() + ".get" + name + "Method")) {
            uncalled.add(method.getFullMethodName());
          }
        }
      }
    }
    assertThat(rpcs).as("generated services found").isNotEmpty();
    assertThat(uncalled).as("RPCs that no main code calls").isEmpty();
  }
}
