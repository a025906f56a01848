package io.s3panel.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server's seams, checked on its compiled classes (tests excluded). That nothing here, tests included,
 * uses the core's internals is {@link CoreApiOnlyTest}.
 */
class ServerArchitectureTest {
  private static final JavaClasses SERVER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.s3panel.server");

  @Test
  void serverPackages_haveNoCycles() {
    slices().matching("io.s3panel.server.(*)..").should().beFreeOfCycles().check(SERVER);
  }

  @Test
  void noPackage_dependsOnTheWebPackage() {
    noClasses().that().resideOutsideOfPackage("io.s3panel.server.web..")
        .should().dependOnClassesThat().resideInAPackage("io.s3panel.server.web..")
        .check(SERVER);
  }
}
