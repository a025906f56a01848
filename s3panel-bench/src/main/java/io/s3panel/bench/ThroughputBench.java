package io.s3panel.bench;

import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Items 3 and 6: start-up time of the real jar (child JVM, default settings), throughput of
 * GET /api/aws-credentials and of a folder page under the load driver with many users and tokens, login
 * cost, the login flood's effect on other endpoints' p99 (with the default hashing concurrency and with
 * 1), and the server's RSS after the runs. In smoke mode an in-process server stands in for the jar.
 */
final class ThroughputBench {
  private static final boolean FLOOD_ONLY = Boolean.getBoolean("bench.floodOnly");
  private final Report r;
  private final boolean smoke;

  ThroughputBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  record Figures(LoadDriver.Result creds, LoadDriver.Result folder, double floodRatio) {}

  Figures run(Path outDir) throws IOException {
    int users = smoke ? 4 : 16;
    int loginsPerUser = 2;
    int connections = smoke ? 4 : 32;
    Duration warm = Duration.ofSeconds(smoke ? 1 : 3);
    Duration measure = Duration.ofSeconds(smoke ? 2 : 10);
    int files = 100;
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.bucket("tput");
      Sdk.seed(s3.admin(), "tput", Sdk.keys("p/", files), 8);
      Path dataDir = Files.createTempDirectory("s3panel-bench-jar");
      Figures figures;
      double[] rss;
      Target target;
      if (smoke) {
        target = Target.inProcess(Map.of());
      } else if (FLOOD_ONLY) {
        // -Dbench.floodOnly=true: one server with the documented options, item 3 and its RSS only (no start-up
        // variants, no second flood, no -Xmx256m footprint), to compare two jars side by side quickly.
        target = Target.child(Env.ChildServer.launch(dataDir, Env.ChildServer.launcherOptions(),
            outDir.resolve("server-3.log")));
      } else {
        r.line("");
        r.line("## 6. Start-up and footprint");
        List<List<Object>> rows = new ArrayList<>();
        List<String> defaults = Env.ChildServer.launcherOptions();
        for (int i = 1; i <= 2; i++) {
          try (Env.ChildServer s = Env.ChildServer.launch(dataDir, defaults, outDir.resolve("server-" + i + ".log"))) {
            rows.add(List.of(i == 1 ? "default (" + String.join(" ", defaults) + "), 1st start (empty data dir: dev keys"
                + " generated, H2 created, migrations)" : "default, start " + i + " (same data dir)", s.startupMs(),
                s.startupCpuS(), s.procStatusMiB("VmRSS")));
          }
        }
        try (Env.ChildServer s = Env.ChildServer.launch(dataDir, List.of(), outDir.resolve("server-bare.log"))) {
          rows.add(List.of("bare `java -jar` (no options: no archive, heap a quarter of RAM)", s.startupMs(),
              s.startupCpuS(), s.procStatusMiB("VmRSS")));
        }
        // What start-up is made of: the same jar with JVM options that cut class loading and JIT work.
        Path jsa = outDir.resolve("s3panel-app.jsa");
        Files.deleteIfExists(jsa);
        List<List<String>> variants = List.of(
            List.of("-XX:TieredStopAtLevel=1"),
            List.of("-XX:ArchiveClassesAtExit=" + jsa),
            List.of("-XX:SharedArchiveFile=" + jsa),
            List.of("-XX:SharedArchiveFile=" + jsa, "-XX:TieredStopAtLevel=1"));
        int v = 0;
        for (List<String> opts : variants) {
          try (Env.ChildServer s = Env.ChildServer.launch(dataDir, opts, outDir.resolve("server-v" + (++v) + ".log"))) {
            rows.add(List.of(String.join(" ", opts) + (opts.get(0).startsWith("-XX:Archive") ? " (training run)" : ""),
                s.startupMs(), s.startupCpuS(), s.procStatusMiB("VmRSS")));
          }
        }
        // The server the throughput run uses: default options again.
        Env.ChildServer server = Env.ChildServer.launch(dataDir, defaults, outDir.resolve("server-3.log"));
        rows.add(List.of("default, start 3 (same data dir; then used for item 3)", server.startupMs(), server.startupCpuS(),
            server.procStatusMiB("VmRSS")));
        r.line("`java [options] -jar s3panel-micronaut-app-…-all.jar`, S3PANEL_DEV=true, own data dir; time from process "
            + "start to the first 200 on /health (polled every 5 ms); CPU = user+system seconds of the server JVM by then:");
        r.table(List.of("start", "ms to first 200 /health", "CPU s used", "RSS right after, MiB"), rows);
        target = Target.child(server);
      }
      try (Target t = target) {
        figures = load(t, s3, users, loginsPerUser, connections, warm, measure, files, "default (" + Math.max(1, Runtime.getRuntime().availableProcessors() / 2) + ")");
        rss = new double[] {t.rssMiB("VmRSS"), t.rssMiB("VmHWM")};
      }
      if (!smoke && FLOOD_ONLY) {
        r.line("");
        r.line("### RSS after the throughput run (item 6)");
        r.f("- RSS %.0f MiB now, peak (VmHWM) %.0f MiB — goal < 400 MB: %s", rss[0], rss[1],
            rss[1] < 400 * 1e6 / 1048576 ? "met" : "MISSED");
      }
      if (!smoke && !FLOOD_ONLY) {
        r.line("");
        r.line("### RSS after the throughput run (item 6)");
        r.f("- RSS %.0f MiB now, peak (VmHWM) %.0f MiB — goal < 400 MB: %s", rss[0], rss[1],
            rss[1] < 400 * 1e6 / 1048576 ? "met" : "MISSED");
        // The same flood against a server with one hashing slot (same data dir: users and keys persist).
        List<String> oneSlot = new ArrayList<>(Env.ChildServer.launcherOptions());
        oneSlot.add("-Ds3panel.hashing-concurrency=1");
        try (Target t = Target.child(Env.ChildServer.launch(dataDir, oneSlot,
            outDir.resolve("server-hc1.log")))) {
          r.line("");
          r.line("### Login flood with -Ds3panel.hashing-concurrency=1 (same jar, same data)");
          Tokens tk = tokens(t, users, 1, s3, false);
          warmUp(t, tk, connections);
          flood(t, tk, users, Duration.ofSeconds(3), measure, "1");
        }
        // Footprint with a bounded heap: the same load (closed loop and flood) on -Xmx256m.
        try (Target t = Target.child(Env.ChildServer.launch(dataDir, List.of("-Xmx256m"),
            outDir.resolve("server-xmx.log")))) {
          Tokens tk = tokens(t, users, 1, s3, false);
          warmUp(t, tk, connections);
          LoadDriver.Result lf = LoadDriver.closedLoop("login flood", t.port(), 16, Duration.ZERO, measure,
              Long.MAX_VALUE, (c, u, i) -> c.post("/api/login", null, "{\"username\":\"" + tk.users()[(int) ((u + i) % users)]
                  + "\",\"password\":\"" + Env.benchPassword() + "\"}").status());
          r.line("");
          r.f("### Footprint with -Xmx256m: after %d s closed-loop mixed load and a %d s login flood (%.1f logins/s, "
              + "errors %d): RSS %.0f MiB, peak %.0f MiB", 2 * 5, measure.toSeconds(), lf.rps(), lf.errors(),
              t.rssMiB("VmRSS"), t.rssMiB("VmHWM"));
        }
      }
      return figures;
    }
  }

  private record Tokens(String[] access, String[] users) {}

  private Tokens tokens(Target t, int users, int loginsPerUser, S3ProxyServer s3, boolean register) throws IOException {
    List<String> access = new ArrayList<>();
    String[] names = new String[users];
    try (HttpConn c = new HttpConn(t.port())) {
      for (int u = 0; u < users; u++) {
        names[u] = "user" + u;
        String token = register ? Env.registerAndLogin(c, names[u])[0] : Env.login(c, names[u])[0];
        if (register) {
          Env.addCredential(c, token, "tput", s3, s3.endpoint());
        }
        access.add(token);
        for (int l = 1; l < loginsPerUser; l++) {
          access.add(Env.login(c, names[u])[0]);
        }
      }
    }
    // tokens[i] belongs to user i % users when loginsPerUser > 1: keep them grouped per user for clarity.
    return new Tokens(access.toArray(String[]::new), names);
  }

  private Figures load(Target t, S3ProxyServer s3, int users, int loginsPerUser, int connections, Duration warm,
      Duration measure, int files, String hashing) throws IOException {
    long setup0 = System.nanoTime();
    Tokens tk = tokens(t, users, loginsPerUser, s3, true);
    double setupS = (System.nanoTime() - setup0) / 1e9;
    String[] tokens = tk.access();
    String folder = "/api/buckets/tput/folders?aws_cred=tput&prefix=p%2F&max_keys=" + files + "&include_grants=false";
    r.line("");
    r.line("## 3. Throughput");
    r.f("- %s; %d users, %d tokens (each user logged in %d times), each with its own credential set on S3Proxy "
        + "(in the bench JVM, no added latency); set-up (register+login+add) took %.1f s", t.describe(), users,
        tokens.length, loginsPerUser, setupS);
    r.f("- closed loop, %d connections (keep-alive), each request with the next token in turn; %d s warm-up, %d s "
        + "measured", connections, warm.toSeconds(), measure.toSeconds());
    LoadDriver.Result creds = LoadDriver.closedLoop("GET /api/aws-credentials", t.port(), connections, warm, measure,
        Long.MAX_VALUE, (c, u, i) -> c.get("/api/aws-credentials", tokens[(int) ((u + i) % tokens.length)]).status());
    r.load("after the credentials run");
    LoadDriver.Result page = LoadDriver.closedLoop("GET folder page (" + files + " files, no grants)", t.port(),
        connections, warm, measure, Long.MAX_VALUE,
        (c, u, i) -> c.get(folder, tokens[(int) ((u + i) % tokens.length)]).status());
    r.load("after the folder run");
    List<List<Object>> rows = new ArrayList<>();
    for (LoadDriver.Result x : List.of(creds, page)) {
      rows.add(List.of(x.name(), x.requests(), x.errors(), x.rps(), x.samples().p50(), x.samples().percentileMs(90),
          x.samples().p99(), x.samples().percentileMs(100)));
    }
    r.table(List.of("endpoint", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"), rows);

    // Login alone, one at a time: what a user waits.
    Samples single = new Samples(100);
    try (HttpConn c = new HttpConn(t.port())) {
      for (int i = 0; i < (smoke ? 2 : 12); i++) {
        long t0 = System.nanoTime();
        Env.login(c, tk.users()[i % users]);
        if (i >= 2 || smoke) {
          single.add(System.nanoTime() - t0);
        }
      }
    }
    r.f("- one login at a time (Argon2id m=19456 KiB, t=2, p=1): p50 %.0f ms, min %.0f ms, max %.0f ms over %d logins",
        single.p50(), single.minMs(), single.percentileMs(100), single.count());
    double ratio = flood(t, tk, users, warm, measure, hashing);
    return new Figures(creds, page, ratio);
  }

  /** 10 s of closed-loop mixed load so the JIT has compiled the request path before paced measurements. */
  private void warmUp(Target t, Tokens tk, int connections) {
    String[] tokens = tk.access();
    String folder = "/api/buckets/tput/folders?aws_cred=tput&prefix=p%2F&max_keys=100&include_grants=false";
    LoadDriver.closedLoop("warm-up", t.port(), connections, Duration.ZERO, Duration.ofSeconds(smoke ? 1 : 5),
        Long.MAX_VALUE, (c, u, i) -> c.get("/api/aws-credentials", tokens[(int) ((u + i) % tokens.length)]).status());
    LoadDriver.closedLoop("warm-up", t.port(), connections, Duration.ZERO, Duration.ofSeconds(smoke ? 1 : 5),
        Long.MAX_VALUE, (c, u, i) -> c.get(folder, tokens[(int) ((u + i) % tokens.length)]).status());
  }

  /** Paced mixed load alone, then the same with a login flood; returns p99(flood) / p99(alone). */
  private double flood(Target t, Tokens tk, int users, Duration warm, Duration measure, String hashing) {
    String[] tokens = tk.access();
    String folder = "/api/buckets/tput/folders?aws_cred=tput&prefix=p%2F&max_keys=100&include_grants=false";
    int pacedUsers = smoke ? 2 : 8;
    double rate = smoke ? 20 : 60;
    int flooders = smoke ? 2 : 16;
    LoadDriver.Call mixed = (c, u, i) -> (i % 2 == 0 ? c.get("/api/aws-credentials", tokens[(int) ((u + i) % tokens.length)])
        : c.get(folder, tokens[(int) ((u + i) % tokens.length)])).status();
    LoadDriver.Result alone = LoadDriver.paced("mixed alone", t.port(), pacedUsers, rate, warm, measure, mixed);
    AtomicReference<LoadDriver.Result> logins = new AtomicReference<>();
    Thread flood = new Thread(() -> logins.set(LoadDriver.closedLoop("login flood", t.port(), flooders,
        Duration.ZERO, warm.plus(measure), Long.MAX_VALUE, (c, u, i) -> {
          String name = tk.users()[(int) ((u + i) % users)];
          return c.post("/api/login", null, "{\"username\":\"" + name + "\",\"password\":\"" + Env.benchPassword() + "\"}")
              .status();
        })), "bench-flood");
    flood.start();
    LoadDriver.Result with = LoadDriver.paced("mixed during flood", t.port(), pacedUsers, rate, warm, measure, mixed);
    try {
      flood.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LoadDriver.Result lf = logins.get();
    r.f("- login flood, hashing concurrency %s: %d clients logging in back to back for %d s: %.1f logins/s, "
        + "p50 %.0f ms, p99 %.0f ms, errors %d", hashing, flooders, warm.plus(measure).toSeconds(), lf.rps(),
        lf.samples().p50(), lf.samples().p99(), lf.errors());
    r.f("- paced mixed load (GET /api/aws-credentials and folder page alternating), %.0f req/s over %d connections, "
        + "latency from the scheduled send time:", rate, pacedUsers);
    double ratio = with.samples().p99() / alone.samples().p99();
    r.table(List.of("hashing concurrency", "run", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"), List.of(
        List.of(hashing, "without flood", alone.requests(), alone.errors(), alone.samples().p50(),
            alone.samples().percentileMs(90), alone.samples().p99(), alone.samples().percentileMs(100)),
        List.of(hashing, "during login flood", with.requests(), with.errors(), with.samples().p50(),
            with.samples().percentileMs(90), with.samples().p99(), with.samples().percentileMs(100))));
    r.f("- p99 during flood / p99 without: %.2f× — goal ≤ 2×: %s", ratio, ratio <= 2 ? "met" : "MISSED");
    r.load("after the flood");
    return ratio;
  }

  /** Where the load goes: the jar in a child JVM, or the server in this JVM. */
  interface Target extends AutoCloseable {
    int port();

    String describe();

    double rssMiB(String field);

    @Override
    void close();

    static Target child(Env.ChildServer s) {
      return new Target() {
        public int port() {
          return s.port();
        }

        public String describe() {
          return "the real jar in a child JVM (pid " + s.pid() + ", default JVM options)";
        }

        public double rssMiB(String field) {
          return s.procStatusMiB(field);
        }

        public void close() {
          s.close();
        }
      };
    }

    static Target inProcess(Map<String, Object> extra) {
      EmbeddedServer server = Env.inProcess(extra);
      return new Target() {
        public int port() {
          return server.getPort();
        }

        public String describe() {
          return "the server in this JVM (smoke)";
        }

        public double rssMiB(String field) {
          return -1;
        }

        public void close() {
          server.close();
        }
      };
    }
  }
}
