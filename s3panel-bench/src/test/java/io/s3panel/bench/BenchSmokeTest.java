package io.s3panel.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark scenario once at a tiny size (no timing goals checked): keeps the suite executable
 * while the code changes. The benchmarks themselves never run in {@code ./mvnw verify}.
 */
class BenchSmokeTest {
  static {
    System.setProperty("logback.configurationFile", "bench-logback.xml");
  }

  @Test
  void everyScenarioRunsAtATinySize() throws Exception {
    System.setProperty("bench.out", "target/bench-results");
    long t0 = System.nanoTime();
    Report r = Bench.run("smoke");
    assertTrue(r != null);
    System.out.printf("smoke run took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
