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
    // The transfers ran on all three paths: plain HTTP, S3 over HTTPS, S3 across the rate-limited link.
    for (String row : new String[] {"| upload 1 MiB | ours", "| download 1 MiB, S3 over HTTPS | ours",
        "| upload 1 MiB, S3 across a 1000 Mbit/s link | ours"}) {
      assertTrue(r.text().contains(row), () -> "no row starting " + row + " in\n" + r.text());
    }
    System.out.printf("smoke run took %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
