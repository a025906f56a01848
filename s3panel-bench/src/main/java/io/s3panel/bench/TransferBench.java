package io.s3panel.bench;

import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Issue 10's transfer benchmarks: upload through the server (a child process started with the launcher's
 * options) versus the plain AWS SDK putting the same file straight to the same S3Proxy, and download through
 * the server versus a presigned GET fetched directly, with the server's RSS sampled during each transfer.
 */
final class TransferBench {
  private static final String BUCKET = "transfer";
  private final Report r;
  private final boolean smoke;

  TransferBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  void run(Path out) throws Exception {
    long[] sizes = smoke ? new long[] {1L << 20} : sizes(System.getProperty("bench.transferSizes", "100m,1g"));
    Files.createDirectories(out);
    Path data = Files.createTempDirectory("bench-transfer");
    r.line("");
    r.line("- transfers: S3Proxy (transient store, in this JVM's heap) on loopback; the server a child process with "
        + "the launcher's options " + Env.ChildServer.launcherOptions() + "; every transfer one stream, one at a "
        + "time; the bytes come from a file of random bytes on disk");
    boolean withTls = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));
    TlsS3 tls = withTls ? new TlsS3(Files.createDirectories(data.resolve("tls"))) : null;
    List<String> serverOptions = new ArrayList<>(Env.ChildServer.launcherOptions());
    if (tls != null) {
      serverOptions.addAll(tls.trustOptions()); // the server trusts the HTTPS S3Proxy's throwaway certificate
      javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(tls.ssl().getSocketFactory());
    }
    try (TlsS3 closeTls = tls; S3ProxyServer s3 = S3ProxyServer.start(); S3Client bare = Sdk.client(s3, s3.endpoint(), 8);
        S3Presigner presigner = Sdk.presigner(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey());
        Env.ChildServer server = Env.ChildServer.launch(Files.createDirectories(data.resolve("server")),
            serverOptions, out.resolve("server-objects.log"))) {
      s3.bucket(BUCKET);
      String token;
      try (HttpConn c = new HttpConn(server.port())) {
        token = Env.registerAndLogin(c, "bench-transfer")[0];
        Env.addCredential(c, token, "transfer", s3, s3.endpoint());
      }
      int rounds = smoke ? 1 : Integer.getInteger("bench.transferRounds", 3);
      List<List<Object>> rows = new ArrayList<>();
      Path file = null;
      for (long size : sizes) {
        file = data.resolve("file-" + size);
        writeRandom(file, size);
        rows.addAll(measure(new Route(bare, presigner, "transfer", ""), server, token, file, size, rounds, true));
        r.load("after " + label(size));
        if (size != sizes[sizes.length - 1]) {
          Files.delete(file);
        }
      }
      if (tls != null) {
        // The same transfers to S3Proxy over HTTPS, the transport of AWS: the SDK then sends payloads unsigned
        // (TLS protects them) on both paths, instead of hashing every byte for SigV4 chunk signatures.
        long size = sizes[sizes.length - 1];
        try (S3Client tlsClient = tls.client(8); S3Presigner tlsPresigner = tls.presigner()) {
          tlsClient.createBucket(b -> b.bucket(BUCKET));
          try (HttpConn c = new HttpConn(server.port())) {
            Env.addCredential(c, token, "transfer-tls", tls.accessKeyId(), tls.secretAccessKey(), tls.endpoint());
          }
          rows.addAll(measure(new Route(tlsClient, tlsPresigner, "transfer-tls", ", S3 over HTTPS"), server, token,
              file, size, rounds, true));
        }
        r.load("after HTTPS");
      }
      long linkMbps = Long.getLong("bench.linkMbps", 1000);
      if (linkMbps > 0) {
        // The same transfers with S3Proxy behind a network link (both paths cross it once, as a deployment's
        // S3 is across a network from the server and the users alike); no untimed round, the JIT is warm.
        long size = sizes[sizes.length - 1];
        try (LinkProxy link = LinkProxy.start(s3.endpoint(), linkMbps);
            S3Client linked = Sdk.client(s3, link.endpoint(), 8);
            S3Presigner linkedPresigner = Sdk.presigner(link.endpoint(), s3.accessKeyId(), s3.secretAccessKey())) {
          try (HttpConn c = new HttpConn(server.port())) {
            Env.addCredential(c, token, "transfer-link", s3, link.endpoint());
          }
          rows.addAll(measure(new Route(linked, linkedPresigner, "transfer-link", ", S3 across a " + linkMbps
              + " Mbit/s link"), server, token, file, size, rounds, false));
        }
        r.load("after the link");
      }
      r.line("- transfers: median of " + rounds + " timed rounds at each size after one untimed round; in each round "
          + "every variant once, in the order of the table; × baseline = ratio of the medians; CPU s = CPU time "
          + "(user + system, /proc) of the bench JVM (client and S3Proxy) and of the server during the transfer; "
          + "server RSS = largest VmRSS sampled every 20 ms during our transfers; VmHWM over the whole run "
          + String.format("%.0f MiB", server.procStatusMiB("VmHWM")));
      r.table(List.of("transfer", "what", "MiB/s (p50)", "× baseline", "CPU s bench JVM", "CPU s server",
          "server RSS peak MiB", "goal"), rows);
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** How one set of transfers reaches S3: a client, a presigner and the server's credential set of that path. */
  private record Route(S3Client bare, S3Presigner presigner, String cred, String suffix) {}

  private static String label(long size) {
    return size >= (1L << 30) ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
  }

  /** Every variant at one size: {@code rounds} timed rounds (after an untimed one when {@code warmUp}). */
  private List<List<Object>> measure(Route p, Env.ChildServer server, String token, Path file, long size, int rounds,
      boolean warmUp) throws Exception {
    String label = label(size) + p.suffix();
    String key = "ours-" + size;
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    URI objectUri = URI.create("http://127.0.0.1:" + server.port() + "/api/buckets/" + BUCKET + "/objects/" + b64);
    String tag = p.cred().equals("transfer") ? "" : p.cred().substring("transfer-".length()) + "-";
    Measured bareUp = new Measured().profiled(tag + "bare-upload");
    Measured partsUp = new Measured();
    Measured oursUp = new Measured().profiled(tag + "upload");
    Measured bareDown = new Measured().profiled(tag + "bare-download");
    Measured oursDown = new Measured().profiled(tag + "download");
    S3Client bare = p.bare();
    for (int i = warmUp ? 0 : 1; i <= rounds; i++) {
      boolean timed = i > 0;
      bareUp.time(timed, size, server, null, () -> bare.putObject(b -> b.bucket(BUCKET).key("bare-" + size),
          RequestBody.fromFile(file)));
      bare.deleteObject(b -> b.bucket(BUCKET).key("bare-" + size));
      if (warmUp) { // the reference row only where the CPU, not a link, is the limit
        partsUp.time(timed, size, server, null, () -> bareMultipart(bare, "parts-" + size, file, size));
        bare.deleteObject(b -> b.bucket(BUCKET).key("parts-" + size));
      }
      oursUp.time(timed, size, server, new RssSampler(server),
          () -> upload(objectUri + "?aws_cred=" + p.cred(), token, file, size));
      long stored = bare.headObject(b -> b.bucket(BUCKET).key(key)).contentLength();
      if (stored != size) {
        throw new IllegalStateException("uploaded " + stored + " bytes, expected " + size);
      }
      URL presigned = p.presigner().presignGetObject(g -> g.signatureDuration(Duration.ofMinutes(30))
          .getObjectRequest(o -> o.bucket(BUCKET).key(key))).url();
      bareDown.time(timed, size, server, null, () -> download(presigned.toString(), null, size));
      oursDown.time(timed, size, server, new RssSampler(server),
          () -> download(objectUri + "/content?aws_cred=" + p.cred(), token, size));
      bare.deleteObject(b -> b.bucket(BUCKET).key(key));
    }
    double upRatio = oursUp.rate() / bareUp.rate();
    double downRatio = oursDown.rate() / bareDown.rate();
    List<List<Object>> rows = new ArrayList<>();
    rows.add(bareUp.row("upload " + label, "bare SDK PutObject (one request) straight to S3Proxy", bareUp, ""));
    if (warmUp) {
      rows.add(partsUp.row("upload " + label, "reference: bare SDK multipart, " + (PART >> 20) + " MiB parts, "
          + PARTS_IN_FLIGHT + " in flight, straight to S3Proxy", bareUp, ""));
    }
    rows.add(oursUp.row("upload " + label, "ours: PUT /api/buckets/{b}/objects/{key_b64}, streamed", bareUp,
        (upRatio >= 0.7 ? "≥0.7× met" : "≥0.7× MISSED") + ", "
            + (oursUp.rssPeak() < 381.5 ? "RSS<400 MB met" : "RSS<400 MB MISSED")));
    rows.add(bareDown.row("download " + label, "presigned GET fetched directly from S3Proxy", bareDown, ""));
    rows.add(oursDown.row("download " + label, "ours: GET …/objects/{key_b64}/content", bareDown,
        (downRatio >= 0.8 ? "≥0.8× met" : "≥0.8× MISSED") + ", "
            + (oursDown.rssPeak() < 381.5 ? "RSS<400 MB met" : "RSS<400 MB MISSED")));
    return rows;
  }

  private static final long PART = 8L << 20;
  private static final int PARTS_IN_FLIGHT = 4;

  /** A plain SDK multipart upload of {@code file}: parts of {@link #PART} read from the file, {@link #PARTS_IN_FLIGHT} at once. */
  private static void bareMultipart(S3Client s3, String key, Path file, long size) throws Exception {
    String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    int count = (int) ((size + PART - 1) / PART);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(PARTS_IN_FLIGHT);
    try {
      List<java.util.concurrent.Future<software.amazon.awssdk.services.s3.model.CompletedPart>> parts = new ArrayList<>();
      for (int n = 1; n <= count; n++) {
        int number = n;
        parts.add(pool.submit(() -> {
          long offset = (number - 1) * PART;
          byte[] bytes = new byte[(int) Math.min(PART, size - offset)];
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            f.readFully(bytes);
          }
          String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(number),
              RequestBody.fromBytes(bytes)).eTag();
          return software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build();
        }));
      }
      List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new ArrayList<>();
      for (var f : parts) {
        done.add(f.get());
      }
      s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(done)));
    } finally {
      pool.shutdownNow();
    }
  }

  /** A transfer that may throw. */
  private interface Transfer {
    void run() throws Exception;
  }

  /** One variant's timed rounds: rates, CPU seconds of both processes, RSS peaks. */
  private static final class Measured {
    private final List<Double> rates = new ArrayList<>();
    private final List<Double> benchCpu = new ArrayList<>();
    private final List<Double> serverCpu = new ArrayList<>();
    private double rssPeak = -1;

    private String profileAs;

    /** With {@code -Dbench.profiler=<libasyncProfiler.so>}: the timed rounds of this variant are CPU-profiled. */
    Measured profiled(String name) {
      profileAs = name;
      return this;
    }

    void time(boolean timed, long size, Env.ChildServer server, RssSampler rss, Transfer t) throws Exception {
      long self = ProcessHandle.current().pid();
      Profiler profiler = timed && profileAs != null ? Profiler.start(profileAs + "-" + size, server.pid(), self) : null;
      double c0 = Env.ChildServer.cpuSeconds(self);
      double s0 = Env.ChildServer.cpuSeconds(server.pid());
      long t0 = System.nanoTime();
      t.run();
      long took = System.nanoTime() - t0;
      if (profiler != null) {
        profiler.stop();
      }
      double c1 = Env.ChildServer.cpuSeconds(self);
      double s1 = Env.ChildServer.cpuSeconds(server.pid());
      double peak = rss == null ? -1 : rss.stop();
      if (timed) {
        rates.add(mibPerS(size, took));
        benchCpu.add(c1 - c0);
        serverCpu.add(s1 - s0);
        rssPeak = Math.max(rssPeak, peak);
      }
    }

    double rate() {
      return median(rates);
    }

    double rssPeak() {
      return rssPeak;
    }

    List<Object> row(String transfer, String what, Measured baseline, String goal) {
      return List.of(transfer, what, rate(), rate() / baseline.rate(), median(benchCpu), median(serverCpu),
          rssPeak < 0 ? "" : rssPeak, goal);
    }

    private static double median(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      java.util.Collections.sort(sorted);
      return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
  }

  /**
   * async-profiler attached with {@code jcmd … JVMTI.agent_load} to the server and to this JVM around one
   * transfer; collapsed stacks per thread go to {@code bench.profileDir} (default {@code target/profiles}).
   * Off unless {@code -Dbench.profiler} names the agent library.
   */
  private record Profiler(String name, long[] pids) {
    static Profiler start(String name, long... pids) throws Exception {
      if (System.getProperty("bench.profiler") == null) {
        return null;
      }
      Profiler p = new Profiler(name, pids);
      for (long pid : pids) {
        p.agent(pid, "start,event=cpu,interval=997us,threads");
      }
      return p;
    }

    void stop() throws Exception {
      Path dir = Files.createDirectories(Path.of(System.getProperty("bench.profileDir", "target/profiles")));
      for (int i = 0; i < pids.length; i++) {
        String who = i == 0 ? "server" : "bench";
        agent(pids[i], "stop,collapsed,file=" + dir.toAbsolutePath().resolve(name + "-" + who + ".collapsed"));
      }
    }

    private void agent(long pid, String options) throws Exception {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), "JVMTI.agent_load", System.getProperty("bench.profiler"), '"' + options + '"')
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 || out.contains("ERROR") || out.contains("return code: 1")) {
        throw new IllegalStateException("profiler: " + out);
      }
    }
  }

  /** Sizes such as {@code 100m,1g} ({@code -Dbench.transferSizes}). */
  static long[] sizes(String spec) {
    String[] parts = spec.split(",");
    long[] sizes = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(java.util.Locale.ROOT);
      long unit = p.endsWith("g") ? 1L << 30 : p.endsWith("m") ? 1L << 20 : 1;
      sizes[i] = Long.parseLong(unit == 1 ? p : p.substring(0, p.length() - 1)) * unit;
    }
    return sizes;
  }

  private static double mibPerS(long bytes, long nanos) {
    return bytes / 1048576.0 / (nanos / 1e9);
  }

  private static void writeRandom(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    new java.util.Random(size).nextBytes(block);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (long done = 0; done < size; done += block.length) {
        block[0] = (byte) (done >> 20);
        f.write(block, 0, (int) Math.min(block.length, size - done));
      }
    }
  }

  private static void upload(String url, String token, Path file, long size) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod("PUT");
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(size);
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setRequestProperty("Content-Type", "application/octet-stream");
    c.setReadTimeout(600_000);
    try (OutputStream o = c.getOutputStream(); InputStream in = Files.newInputStream(file)) {
      in.transferTo(o);
    }
    int status = c.getResponseCode();
    if (status != 201) {
      throw new IllegalStateException("upload answered " + status);
    }
    c.getInputStream().readAllBytes();
    c.disconnect();
  }

  private static void download(String url, String token, long size) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    c.setReadTimeout(600_000);
    int status = c.getResponseCode();
    if (status != 200) {
      throw new IllegalStateException("download answered " + status);
    }
    long n = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = c.getInputStream()) {
      for (int k; (k = in.read(buf)) > 0;) {
        n += k;
      }
    }
    if (n != size) {
      throw new IllegalStateException("downloaded " + n + " bytes, expected " + size);
    }
    c.disconnect();
  }

  /** Samples the child's VmRSS every 20 ms until stopped; returns the largest sample (MiB). */
  private static final class RssSampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile double max;

    RssSampler(Env.ChildServer server) {
      max = server.procStatusMiB("VmRSS");
      thread = new Thread(() -> {
        while (running.get()) {
          max = Math.max(max, server.procStatusMiB("VmRSS"));
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-rss");
      thread.setDaemon(true);
      thread.start();
    }

    double stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return max;
    }
  }
}
