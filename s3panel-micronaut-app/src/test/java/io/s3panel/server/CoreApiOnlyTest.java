package io.s3panel.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The core's implementations are not API: the server (its tests included) reach the core through its
 * exported packages only. (On the module path the core's module-info enforces this; on the class path
 * this test does.)
 */
class CoreApiOnlyTest {
  @Test
  void noClass_dependsOnTheCoresInternalPackage() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.s3panel.core.internal..")
        .check(new ClassFileImporter().importPackages("io.s3panel.server"));
  }
}
