package io.s3panel.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Servers and users for the benchmarks: the in-process server, the real jar as a child process, API set-up. */
public final class Env {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  private static final Pattern STRING_FIELD = Pattern.compile("\"(access|refresh)\"\\s*:\\s*\"([^\"]+)\"");

  private Env() {}

  /** The password of every benchmark user. */
  public static String benchPassword() {
    return PASSWORD;
  }

  /** Properties of an in-process server: dev mode, throwaway keys, in-memory H2, random port, loopback allowed. */
  public static Map<String, Object> devProperties() {
    Map<String, Object> p = new HashMap<>();
    try {
      p.put("s3panel.data-dir", Files.createTempDirectory("s3panel-bench").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    p.put("s3panel.dev", true);
    p.put("s3panel.allowed-endpoints", "127.0.0.1");
    p.put("micronaut.server.port", -1);
    // Every bench client is 127.0.0.1: lift the per-address limits so the load measures the server's work.
    p.put("s3panel.limits.logins-per-address", 100_000_000);
    p.put("s3panel.limits.registrations-per-address", 100_000_000);
    p.put("s3panel.limits.hashing-per-address", 100_000);
    p.put("datasources.default.url", "jdbc:h2:mem:b" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    return p;
  }

  /** Starts the server in this JVM with {@link #devProperties()} plus {@code extra}. */
  public static EmbeddedServer inProcess(Map<String, Object> extra) {
    Map<String, Object> p = devProperties();
    p.putAll(extra);
    return ApplicationContext.run(EmbeddedServer.class, p);
  }

  /** Registers {@code username} and logs in; returns {access, refresh}. */
  public static String[] registerAndLogin(HttpConn c, String username) throws IOException {
    String body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpConn.Response r = c.post("/api/register", null, body);
    if (r.status() != 201) {
      throw new IllegalStateException("register failed: " + r.status() + " " + r.text());
    }
    return login(c, username);
  }

  /** Logs in; returns {access, refresh}. */
  public static String[] login(HttpConn c, String username) throws IOException {
    String body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
    HttpConn.Response r = c.post("/api/login", null, body);
    if (r.status() != 200) {
      throw new IllegalStateException("login failed: " + r.status() + " " + r.text());
    }
    String[] tokens = new String[2];
    Matcher m = STRING_FIELD.matcher(r.text());
    while (m.find()) {
      tokens[m.group(1).equals("access") ? 0 : 1] = m.group(2);
    }
    return tokens;
  }

  /** Adds a credential set of {@code s3} reached at {@code endpoint} (S3Proxy itself or a proxy in front). */
  public static void addCredential(HttpConn c, String token, String identifier, S3ProxyServer s3, URI endpoint)
      throws IOException {
    addCredential(c, token, identifier, s3.accessKeyId(), s3.secretAccessKey(), endpoint);
  }

  /** Adds a credential set with these keys reached at {@code endpoint}. */
  static void addCredential(HttpConn c, String token, String identifier, String accessKeyId, String secret,
      URI endpoint) throws IOException {
    String body = "{\"identifier\":\"" + identifier + "\",\"aws_access_key_id\":\"" + json(accessKeyId)
        + "\",\"aws_secret_access_key\":\"" + json(secret) + "\",\"region_name\":\""
        + S3ProxyServer.REGION + "\",\"endpoint_url\":\"" + endpoint + "\",\"path_style\":true}";
    HttpConn.Response r = c.post("/api/aws-credentials/add", token, body);
    if (r.status() != 201) {
      throw new IllegalStateException("credential add failed: " + r.status() + " " + r.text());
    }
  }

  static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** A free loopback port. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's runnable jar: {@code -Dbench.appJar}, else found from the working directory. */
  public static Path appJar() {
    String configured = System.getProperty("bench.appJar");
    if (configured != null) {
      return Paths.get(configured);
    }
    String name = "s3panel-micronaut-app/target/s3panel-micronaut-app-0.1.0-SNAPSHOT-all.jar";
    for (Path p : List.of(Paths.get(name), Paths.get("..").resolve(name))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("Runnable server jar not found (" + name + "); build it or pass -Dbench.appJar=");
  }

  /** The real server jar running in a child JVM with default settings (dev keys, H2 file in a data dir). */
  public static final class ChildServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final double startupMs;
    private final double startupCpuS;

    private ChildServer(Process process, int port, double startupMs, double startupCpuS) {
      this.process = process;
      this.port = port;
      this.startupMs = startupMs;
      this.startupCpuS = startupCpuS;
    }

    /** CPU seconds (user + system, all threads) the JVM had used when /health first answered 200. */
    public double startupCpuS() {
      return startupCpuS;
    }

    static double cpuSeconds(long pid) {
      try {
        String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // clock ticks, USER_HZ = 100
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      }
    }

    /**
     * The JVM options of the documented run command ({@code ./s3panel run}, README): a bounded heap and the
     * class-data-sharing archive the build writes next to the jar.
     */
    public static List<String> launcherOptions() {
      // Keep in step with server_opts() in the ./s3panel launcher; -Dbench.serverOpts="…" tries others.
      String override = System.getProperty("bench.serverOpts");
      List<String> opts = override != null ? new ArrayList<>(List.of(override.trim().split("\\s+"))) : new ArrayList<>(List.of("-Xmx128m", "-XX:+UseSerialGC", "-Xss512k",
          "-XX:ReservedCodeCacheSize=64m"));
      Path jsa = appJar().resolveSibling("s3panel-server.jsa");
      if (Files.exists(jsa)) {
        opts.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      }
      return opts;
    }

    /**
     * {@code java [jvmArgs] -jar app.jar} with {@code S3PANEL_DEV=true}, the given data dir and port; returns
     * once {@code /health} answers 200, timing from process start to that answer.
     */
    public static ChildServer launch(Path dataDir, List<String> jvmArgs, Path log) throws IOException {
      int port = freePort();
      List<String> cmd = new ArrayList<>();
      cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmArgs);
      cmd.add("-jar");
      cmd.add(appJar().toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("S3PANEL_DEV", "true");
      pb.environment().put("S3PANEL_PORT", Integer.toString(port));
      pb.environment().put("S3PANEL_DATA_DIR", dataDir.toAbsolutePath().toString());
      pb.environment().put("S3PANEL_ALLOWED_ENDPOINTS", "127.0.0.1");
      // Long enough for a whole run; the default 5 minutes would expire mid-benchmark.
      pb.environment().put("S3PANEL_ACCESS_TOKEN_TTL", "2h");
      // Every bench client is 127.0.0.1: lift the per-address limits so the load measures the server's work.
      pb.environment().put("S3PANEL_LOGINS_PER_ADDRESS", "100000000");
      pb.environment().put("S3PANEL_REGISTRATIONS_PER_ADDRESS", "100000000");
      pb.environment().put("S3PANEL_HASHING_PER_ADDRESS", "100000");
      long t0 = System.nanoTime();
      Process p = pb.start();
      // Never leave a server behind when the benchmark JVM ends, however it ends.
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "bench-child-reaper"));
      long deadline = t0 + 90_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          throw new IllegalStateException("server exited with " + p.exitValue() + "; see " + log);
        }
        try (HttpConn c = new HttpConn(port)) {
          if (c.get("/health", null).status() == 200) {
            return new ChildServer(p, port, (System.nanoTime() - t0) / 1e6, cpuSeconds(p.pid()));
          }
        } catch (IOException e) {
          // not listening yet
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("server did not answer /health in time; see " + log);
    }

    /** Its port. */
    public int port() {
      return port;
    }

    /** Milliseconds from process start to the first 200 on /health. */
    public double startupMs() {
      return startupMs;
    }

    /** Its pid. */
    public long pid() {
      return process.pid();
    }

    /** A line of /proc/pid/status in MiB (VmRSS, VmHWM), or -1. */
    public double procStatusMiB(String field) {
      try {
        for (String l : Files.readAllLines(Paths.get("/proc/" + process.pid() + "/status"))) {
          if (l.startsWith(field + ":")) {
            return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not Linux
      }
      return -1;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
