package io.s3panel.core;

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
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.internal.DefaultConnectionCache;
import io.s3panel.core.internal.DefaultCredentialManager;
import io.s3panel.core.internal.DefaultS3Account;
import io.s3panel.core.internal.TinkVault;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The core's public surface: {@code internal} is reached only through the API's entry points, its types
 * never appear in a public signature, and AWS SDK and Tink types appear only where the API means them.
 * The modules that use the core (server, examples, benchmarks) each check that they import nothing from
 * {@code internal}; on the module path the JVM enforces it (module-info exports the API packages only).
 */
class CoreBoundaryTest {
  static final String INTERNAL = "io.s3panel.core.internal..";
  /** The core's own classes, from where S3Panel was loaded: not its tests, not fixtures of other artifacts. */
  static final JavaClasses CORE = new ClassFileImporter().importPath(coreClasses());

  /** The API types that create the hidden implementations: the only ones that may name them. */
  static final Class<?>[] ENTRY_POINTS = {S3Panel.class, ConnectionCache.class, Vault.class};

  /** SDK and Tink types in the API on purpose: the client escape hatch and keyset management. */
  static final Class<?>[] DELIBERATE_SDK_TYPES = {S3Connection.class, Keysets.class, Vault.class};

  @Test
  void internal_isReachedOnlyThroughTheEntryPoints() {
    noClasses().that().resideOutsideOfPackage(INTERNAL).and(not(belongToAnyOf(ENTRY_POINTS)))
        .should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .check(CORE);
  }

  @Test
  void internal_isPackagePrivateSaveTheImplementationsTheEntryPointsBuild() {
    classes().that().resideInAPackage(INTERNAL)
        .and(not(belongToAnyOf(DefaultS3Account.class, DefaultCredentialManager.class, DefaultConnectionCache.class,
            TinkVault.class)))
        .should().notBePublic()
        .check(CORE);
  }

  @Test
  void publicSignatures_nameNoInternalType() {
    classes().that().resideOutsideOfPackage(INTERNAL).and().arePublic()
        .should(nameInPublicSignatures(resideInAPackage(INTERNAL), Set.of()))
        .check(CORE);
  }

  @Test
  void publicSignatures_nameSdkAndTinkTypesOnlyWhereDeliberate() {
    Set<String> allowed = new HashSet<>();
    for (Class<?> c : DELIBERATE_SDK_TYPES) {
      allowed.add(c.getName());
    }
    classes().that().resideOutsideOfPackage(INTERNAL).and().arePublic()
        .should(nameInPublicSignatures(resideInAnyPackage("software.amazon..", "com.google.."), allowed))
        .check(CORE);
  }

  @Test
  void moduleDescriptor_exportsEveryPackageButInternal() throws Exception {
    // The tests run on the class path: read the descriptor from the core's own classes.
    ModuleDescriptor module;
    try (InputStream in = Files.newInputStream(coreClasses().resolve("module-info.class"))) {
      module = ModuleDescriptor.read(in);
    }
    Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    Set<String> packages = CORE.stream().map(JavaClass::getPackageName).filter(p -> !p.isEmpty())
        .collect(Collectors.toSet());
    assertThat(module.name()).isEqualTo("io.s3panel.core");
    assertThat(exported).doesNotContain("io.s3panel.core.internal")
        .containsExactlyInAnyOrderElementsOf(packages.stream().filter(p -> !p.endsWith(".internal")).toList());
  }

  static Path coreClasses() {
    try {
      return Path.of(S3Panel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** No public or protected member, supertype or thrown type of the class names a type {@code banned} matches. */
  static ArchCondition<JavaClass> nameInPublicSignatures(DescribedPredicate<JavaClass> banned, Set<String> exempt) {
    return new ArchCondition<>("name no type that " + banned.getDescription() + " in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (exempt.contains(c.getName())) {
          return;
        }
        Set<JavaClass> supertypes = new HashSet<>();
        c.getSuperclass().ifPresent(t -> supertypes.addAll(t.getAllInvolvedRawTypes()));
        c.getInterfaces().forEach(t -> supertypes.addAll(t.getAllInvolvedRawTypes()));
        supertypes.stream().filter(banned).forEach(t ->
            events.add(SimpleConditionEvent.violated(c, c.getName() + " extends " + t.getName())));
        for (JavaMember m : c.getMembers()) {
          Set<JavaModifier> mods = m.getModifiers();
          if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) {
            continue;
          }
          for (JavaClass t : signatureTypes(m)) {
            if (banned.test(t)) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " names " + t.getName()));
            }
          }
        }
      }
    };
  }

  static Set<JavaClass> signatureTypes(JavaMember m) {
    Set<JavaClass> out = new HashSet<>();
    if (m instanceof JavaField f) {
      out.addAll(f.getType().getAllInvolvedRawTypes());
    }
    if (m instanceof JavaCodeUnit u) {
      for (JavaType p : u.getParameterTypes()) {
        out.addAll(p.getAllInvolvedRawTypes());
      }
      out.addAll(u.getExceptionTypes());
    }
    if (m instanceof JavaMethod method) {
      out.addAll(method.getReturnType().getAllInvolvedRawTypes());
    }
    return out;
  }
}
