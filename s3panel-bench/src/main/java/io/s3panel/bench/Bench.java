package io.s3panel.bench;

import io.s3panel.bench.jmh.TokenBenchmark;
import io.s3panel.bench.jmh.VaultBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark suite's entry point: {@code java -jar s3panel-bench/target/s3panel-bench.jar <name>} with
 * name one of {@code folder-latency}, {@code overhead}, {@code throughput}, {@code hashing}, {@code scan}, {@code exposure}, {@code objects}, {@code jmh},
 * {@code all} or {@code smoke}. Prints a Markdown report and saves it under {@code bench-results/}.
 */
public final class Bench {
  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
  }

  private Bench() {}

  /** Runs the named benchmark family and exits. */
  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "" : args[0];
    if (!List.of("folder-latency", "overhead", "throughput", "hashing", "scan", "exposure", "objects", "jmh", "all",
        "smoke", "soak")
        .contains(what)) {
      System.err.println(
          "usage: java -jar s3panel-bench.jar folder-latency|overhead|throughput|hashing|scan|exposure|objects|jmh|all|smoke|soak");
      System.exit(2);
    }
    run(what);
    System.exit(0);
  }

  /** Where reports, JFR recordings and server logs go: {@code -Dbench.out}, else the module's target dir. */
  static Path outDir() {
    String configured = System.getProperty("bench.out");
    if (configured != null) {
      return Paths.get(configured);
    }
    return Files.isDirectory(Paths.get("s3panel-bench")) ? Paths.get("s3panel-bench", "target", "bench-results")
        : Paths.get("target", "bench-results");
  }

  /** Runs {@code what}; returns the report. */
  public static Report run(String what) throws Exception {
    boolean smoke = what.equals("smoke");
    boolean all = what.equals("all") || smoke;
    Report r = new Report();
    Path out = outDir();
    long t0 = System.nanoTime();
    r.line("# S3 Panel benchmarks: " + what);
    r.line("");
    r.f("- run at %s, command `java -jar s3panel-bench/target/s3panel-bench.jar %s`", Instant.now(), what);
    r.machine();
    if (all || what.equals("jmh")) {
      if (smoke) {
        jmhSmoke(r);
      } else {
        jmh(r, out);
      }
    }
    if (all || what.equals("throughput")) {
      new ThroughputBench(r, smoke).run(out);
    }
    if (all || what.equals("hashing")) {
      new HashFloodBench(r, smoke).run();
    }
    if (all || what.equals("folder-latency")) {
      new FolderLatencyBench(r, smoke).run();
    }
    if (all || what.equals("overhead")) {
      new OverheadBench(r, smoke).run(out);
    }
    if (all || what.equals("scan")) {
      new ScanBench(r, smoke).run();
    }
    if (all || what.equals("exposure")) {
      new ExposureBench(r, smoke).run();
    }
    if (all || what.equals("objects")) {
      // -Dbench.objects=keys or =transfers runs one half only (both by default).
      String part = System.getProperty("bench.objects", "all");
      if (!part.equals("transfers")) {
        new ObjectsBench(r, smoke).run();
      }
      if (!part.equals("keys")) {
        new TransferBench(r, smoke).run(out);
      }
    }
    if (what.equals("soak")) {
      new SoakBench(r, Duration.ofSeconds(Long.getLong("soak.seconds", 180)), Integer.getInteger("soak.users", 24))
          .run(out);
    }
    r.line("");
    r.load("at the end");
    r.f("- total wall time %.1f min", (System.nanoTime() - t0) / 6e10);
    Path saved = r.save(out, what + "-" + Instant.now().toString().replace(':', '-') + ".md");
    System.out.println("report saved to " + saved);
    return r;
  }

  /** Item 5 with JMH (one fork per benchmark, 2 × 1 s warm-up, 3 × 2 s measured). */
  static void jmh(Report r, Path out) throws Exception {
    r.line("");
    r.line("## 5. Vault and tokens (JMH)");
    Options opt = new OptionsBuilder()
        .include("io\\.s3panel\\.bench\\.jmh\\..*")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend("-Xmx1g", "-Dlogback.configurationFile=bench-logback.xml")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    List<List<Object>> rows = new ArrayList<>();
    for (RunResult rr : results) {
      String name = rr.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      double score = rr.getPrimaryResult().getScore();
      double error = rr.getPrimaryResult().getScoreError();
      String unit = rr.getPrimaryResult().getScoreUnit();
      rows.add(List.of(name, String.format(Locale.ROOT, "%.1f ± %.1f %s", score, error, unit)));
    }
    r.line("- JMH 1.37, average time, 1 fork, 2 × 1 s warm-up, 3 × 2 s measurement, single thread");
    r.table(List.of("benchmark", "score (99.9% CI)"), rows);
  }

  /** The JMH benchmarks' code paths once each, without JMH (for the smoke test). */
  static void jmhSmoke(Report r) {
    VaultBenchmark v = new VaultBenchmark();
    v.setup();
    v.seal();
    v.open();
    v.cacheHit();
    v.clientBuild();
    v.tearDown();
    TokenBenchmark t = new TokenBenchmark();
    t.setup();
    t.issueAccess();
    if (t.verifyAccess().isEmpty() || t.verifyRefresh().isEmpty() || !t.argon2Verify()) {
      throw new IllegalStateException("token benchmark paths fail");
    }
    t.tearDown();
    r.line("- JMH benchmark code paths ran once each (smoke)");
  }
}
