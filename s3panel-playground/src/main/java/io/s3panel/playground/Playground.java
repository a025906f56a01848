package io.s3panel.playground;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 Panel server and an S3-compatible store full of sample data, in one process: try the API (or the
 * Swagger UI) without an AWS account.
 *
 * <p>It starts S3Proxy ({@link S3ProxyServer}: in-memory store, AWS SigV2/V4 authentication with a fresh key pair) on a free
 * loopback port, fills three buckets with a few hundred objects in nested folders (some keys with spaces,
 * accents and {@code #}), starts the server in development mode with a fresh in-memory H2 database,
 * registers the user {@code demo} with a random strong password, adds the S3Proxy key pair as the
 * credential set {@code playground}, and prints the URL, the login, the S3Proxy endpoint and keys, and a
 * curl example. Everything is forgotten when it stops.
 *
 * <p>Run from the repository root ({@code S3PANEL_PORT} changes the port, default 8004):
 *
 * <pre>
 * ./s3panel playground
 * </pre>
 *
 * <p>The server's development keys and {@code s3proxy.env} (the S3Proxy endpoint and keys as shell
 * variables, for the README walk-through) go to {@code .s3panel/playground/}.
 */
public final class Playground {
  /** The user the playground registers. */
  public static final String USER = "demo";
  /** The identifier of the credential set it adds for {@link #USER}. */
  public static final String IDENTIFIER = "playground";
  /** The buckets it fills. */
  public static final List<String> BUCKETS = List.of("photos", "docs", "backups");
  /** The content of {@code docs/README.txt}. */
  public static final String WELCOME = "Welcome to the S3 Panel playground!\n";
  /** Default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".s3panel", "playground");

  private static final SecureRandom RANDOM = new SecureRandom();

  private Playground() {}

  /** Starts the playground on {@code S3PANEL_PORT} (default 8004) and runs until the process is stopped. */
  public static void main(String[] args) {
    int port;
    try {
      port = Integer.parseInt(System.getenv().getOrDefault("S3PANEL_PORT", "8004").trim());
    } catch (NumberFormatException e) {
      System.err.println("S3PANEL_PORT must be a port number.");
      System.exit(2);
      return;
    }
    Running running;
    try {
      running = start(port, DEFAULT_DATA_DIR);
    } catch (RuntimeException e) {
      System.err.println("The playground did not start: " + e.getMessage()
          + (port > 0 ? " (is port " + port + " free? set S3PANEL_PORT to use another)" : ""));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "playground-stop"));
    running.print(System.out);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts S3Proxy with the sample data, then the server, then registers {@link #USER} and adds the
   * {@link #IDENTIFIER} credential set.
   *
   * @param port the server's port; 0 for a free one
   * @param dataDir where the server keeps its development keys, and where {@code s3proxy.env} is written
   * @return the running playground; close it to stop everything
   */
  public static Running start(int port, Path dataDir) {
    S3ProxyServer store = S3ProxyServer.start(); // a fresh random key pair
    ApplicationContext context = null;
    try {
      int objects = fill(store.admin());
      Files.createDirectories(dataDir);
      Map<String, Object> p = new HashMap<>();
      p.put("s3panel.dev", true);
      p.put("s3panel.data-dir", dataDir.toAbsolutePath().toString());
      // Only the playground's own S3Proxy: scheme, host and port (SECURITY.md item 26).
      p.put("s3panel.allowed-endpoints", "http://127.0.0.1:" + store.endpoint().getPort());
      p.put("datasources.default.url", "jdbc:h2:mem:playground" + UUID.randomUUID().toString().replace("-", "")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      p.put("micronaut.server.port", port == 0 ? -1 : port);
      // This machine only, unless S3PANEL_BIND says otherwise: the playground's demo user is no secret.
      p.put("micronaut.server.host", System.getenv().getOrDefault("S3PANEL_BIND", "127.0.0.1"));
      context = ApplicationContext.builder().properties(p).deduceEnvironment(false).start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();

      Client client = new Client("http://127.0.0.1:" + server.getPort(), context.getBean(JsonMapper.class));
      String password = password();
      client.call("POST", "/api/register", null, Map.of("username", USER, "password", password), 201);
      String access = client.call("POST", "/api/login", null, Map.of("username", USER, "password", password), 200)
          .get("access").toString();
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("identifier", IDENTIFIER);
      set.put("aws_access_key_id", store.accessKeyId());
      set.put("aws_secret_access_key", store.secretAccessKey());
      set.put("region_name", store.region());
      set.put("endpoint_url", store.endpoint().toString());
      set.put("path_style", true);
      client.call("POST", "/api/aws-credentials/add", access, set, 201);

      Path envFile = dataDir.resolve("s3proxy.env");
      writeEnv(envFile, store);
      return new Running(context, server, store, password, objects, envFile);
    } catch (IOException e) {
      close(context, store);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close(context, store);
      throw e;
    }
  }

  private static void close(ApplicationContext context, S3ProxyServer store) {
    try {
      if (context != null && context.isRunning()) {
        context.close();
      }
    } finally {
      store.close();
    }
  }

  /** 4 groups of 5 random lowercase letters and digits: about 100 bits, accepted by the password policy. */
  private static String password() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 5 == 0) {
        b.append('-');
      }
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static void writeEnv(Path file, S3ProxyServer store) throws IOException {
    String text = "# The playground's S3Proxy (written by Playground; valid while it runs).\n"
        + "S3_ENDPOINT='" + store.endpoint() + "'\n"
        + "S3_ACCESS_KEY='" + store.accessKeyId() + "'\n"
        + "S3_SECRET_KEY='" + store.secretAccessKey() + "'\n";
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** A running playground. */
  public static final class Running implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final S3ProxyServer store;
    private final String password;
    private final int objects;
    private final Path envFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    Running(ApplicationContext context, EmbeddedServer server, S3ProxyServer store, String password, int objects,
        Path envFile) {
      this.context = context;
      this.server = server;
      this.store = store;
      this.password = password;
      this.objects = objects;
      this.envFile = envFile;
    }

    /** The server's port. */
    public int port() {
      return server.getPort();
    }

    /** {@code http://localhost:port}, without a trailing slash. */
    public String url() {
      return "http://localhost:" + port();
    }

    /** {@link Playground#USER}. */
    public String user() {
      return USER;
    }

    /** The password of {@link Playground#USER}. */
    public String password() {
      return password;
    }

    /** {@link Playground#IDENTIFIER}. */
    public String identifier() {
      return IDENTIFIER;
    }

    /** S3Proxy's endpoint, {@code http://127.0.0.1:port}. */
    public URI s3Endpoint() {
      return store.endpoint();
    }

    /** S3Proxy's access key id. */
    public String accessKeyId() {
      return store.accessKeyId();
    }

    /** S3Proxy's secret access key (a throwaway: the store lives in memory and dies with the playground). */
    public String secretAccessKey() {
      return store.secretAccessKey();
    }

    /** How many sample objects the buckets hold. */
    public int objectCount() {
      return objects;
    }

    /** The file holding {@code S3_ENDPOINT}, {@code S3_ACCESS_KEY} and {@code S3_SECRET_KEY} as shell variables. */
    public Path envFile() {
      return envFile;
    }

    /** Prints where everything is, and a curl example. */
    public void print(PrintStream out) {
      String u = url();
      out.println();
      out.println("S3 Panel playground is running.");
      out.println();
      out.println("  URL          " + u + "/   (the panel: open it and sign in; API docs: " + u + "/swagger-ui/)");
      out.println("  user         " + USER);
      out.println("  password     " + password);
      out.println("  credentials  " + IDENTIFIER + "  (added for " + USER + "; buckets " + String.join(", ", BUCKETS)
          + ", " + objects + " objects)");
      out.println();
      out.println("  S3Proxy, the S3-compatible store behind it (in memory, gone when the playground stops):");
      out.println("  endpoint     " + store.endpoint());
      out.println("  access key   " + store.accessKeyId());
      out.println("  secret key   " + store.secretAccessKey());
      out.println("  (also in " + envFile + ", for the README walk-through)");
      out.println();
      out.println("Try:");
      out.println();
      out.println("  TOKEN=$(curl -s " + u + "/api/login -H 'Content-Type: application/json' \\");
      out.println("      -d '{\"username\": \"" + USER + "\", \"password\": \"" + password + "\"}' \\");
      out.println("      | sed -E 's/.*\"access\": *\"([^\"]+)\".*/\\1/')");
      out.println("  curl -s \"" + u + "/api/buckets/photos/folders?aws_cred=" + IDENTIFIER
          + "&prefix=2024/&include_grants=false\" -H \"Authorization: Bearer $TOKEN\"");
      out.println();
      out.println("Press Ctrl-C to stop.");
      out.flush();
    }

    /** Stops the server and S3Proxy, and deletes {@link #envFile()}. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          Playground.close(context, store);
        } finally {
          try {
            Files.deleteIfExists(envFile);
          } catch (IOException e) {
            // a stale file names keys of a store that no longer exists
          }
        }
      }
    }
  }

  /** Creates the buckets and puts the sample objects; returns how many. */
  private static int fill(S3Client admin) {
    Map<String, byte[]> photos = new LinkedHashMap<>();
    photos.put("readme.txt", text("Holiday and family photos, by year and month.\n"));
    for (Month month : Month.values()) {
      String folder = "2023/" + String.format("%02d-%s", month.getValue(), month.name().toLowerCase(Locale.ROOT));
      for (int i = 1; i <= 12; i++) {
        photos.put(folder + "/img-" + String.format("%03d", i) + ".jpg", bytes(2048 + 97 * i + 31 * month.getValue()));
      }
    }
    photos.put("2024/notes.txt", text("Remember to sort the summer photos.\n"));
    for (int i = 1; i <= 3; i++) {
      photos.put("2024/summer holiday/beach photo " + i + ".jpg", bytes(40_000 + 1000 * i));
    }
    photos.put("2024/été/plage ☀.jpg", bytes(35_000));
    photos.put("2024/été/café & croissant #1.jpg", bytes(12_000));

    Map<String, byte[]> docs = new LinkedHashMap<>();
    docs.put("README.txt", text(WELCOME));
    docs.put("guides/getting-started.md", text("# Getting started\n\nLog in, pick a credential set, browse.\n"));
    docs.put("guides/api.md", text("# API\n\nSee /swagger-ui/ on the server.\n"));
    for (int q = 1; q <= 4; q++) {
      docs.put("reports/2024/q" + q + "/summary.pdf", bytes(150_000 + 5000 * q));
      docs.put("reports/2024/q" + q + "/data.csv", text("month,visits\n" + (q * 3 - 2) + "," + (1000 * q) + "\n"));
    }
    docs.put("contracts/Überblick – Vertrag 2024.txt", text("Vertrag\n"));

    Map<String, byte[]> backups = new LinkedHashMap<>();
    for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 5, 1)); d = d.plusDays(1)) {
      backups.put("db/" + d.getYear() + "/" + String.format("%02d", d.getMonthValue()) + "/" + d + ".sql.gz",
          bytes(20_000 + 37 * d.getDayOfYear()));
    }
    for (int day = 1; day <= 30; day++) {
      backups.put("logs/app-2024-04-" + String.format("%02d", day) + ".log", bytes(3000 + 11 * day));
    }

    Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
    all.put("photos", photos);
    all.put("docs", docs);
    all.put("backups", backups);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (Map.Entry<String, Map<String, byte[]>> bucket : all.entrySet()) {
        admin.createBucket(b -> b.bucket(bucket.getKey()));
        for (Map.Entry<String, byte[]> object : bucket.getValue().entrySet()) {
          puts.add(pool.submit(() -> admin.putObject(b -> b.bucket(bucket.getKey()).key(object.getKey()),
              RequestBody.fromBytes(object.getValue()))));
        }
      }
      for (Future<?> put : puts) {
        put.get();
      }
      return puts.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while filling S3Proxy", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Filling S3Proxy failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} bytes of a repeating pattern (the content does not matter, the sizes do for statistics). */
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  /** The few JSON calls the playground makes to its own server. */
  private static final class Client {
    private final String base;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Client(String base, JsonMapper json) {
      this.base = base;
      this.json = json;
    }

    Map<String, Object> call(String method, String path, String token, Map<String, Object> body, int expected) {
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
        if (token != null) {
          b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != expected) {
          throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readValue(r.body(), Argument.mapOf(String.class, Object.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted", e);
      }
    }
  }
}
