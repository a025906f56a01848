package io.s3panel.bench;

import io.s3panel.core.testing.S3ProxyServer;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
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
    try (S3ProxyServer s3 = S3ProxyServer.start(); S3Client bare = Sdk.client(s3, s3.endpoint(), 8);
        S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint())
            .region(Region.of(S3ProxyServer.REGION))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey()))).build();
        Env.ChildServer server = Env.ChildServer.launch(Files.createDirectories(data.resolve("server")),
            Env.ChildServer.launcherOptions(), out.resolve("server-objects.log"))) {
      s3.bucket(BUCKET);
      String token;
      try (HttpConn c = new HttpConn(server.port())) {
        token = Env.registerAndLogin(c, "bench-transfer")[0];
        Env.addCredential(c, token, "transfer", s3, s3.endpoint());
      }
      List<List<Object>> rows = new ArrayList<>();
      for (long size : sizes) {
        Path file = data.resolve("file-" + size);
        writeRandom(file, size);
        String label = size >= (1L << 30) ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
        double bareUp = 0;
        double oursUp = 0;
        double bareDown = 0;
        double oursDown = 0;
        double rssUp = 0;
        double rssDown = 0;
        // Warm-up once at the smallest size only (JIT and connections), not timed.
        int runs = 2;
        for (int i = 0; i < runs; i++) {
          boolean timed = i == runs - 1;
          long t0 = System.nanoTime();
          bare.putObject(b -> b.bucket(BUCKET).key("bare-" + size), RequestBody.fromFile(file));
          double bu = mibPerS(size, System.nanoTime() - t0);
          bare.deleteObject(b -> b.bucket(BUCKET).key("bare-" + size));
          String key = "ours-" + size;
          String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
          URI objectUri = URI.create("http://127.0.0.1:" + server.port() + "/api/buckets/" + BUCKET + "/objects/" + b64);
          RssSampler up = new RssSampler(server);
          t0 = System.nanoTime();
          upload(objectUri.toString() + "?aws_cred=transfer", token, file, size);
          double ou = mibPerS(size, System.nanoTime() - t0);
          double upPeak = up.stop();
          long stored = bare.headObject(b -> b.bucket(BUCKET).key(key)).contentLength();
          if (stored != size) {
            throw new IllegalStateException("uploaded " + stored + " bytes, expected " + size);
          }
          URL presigned = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(30))
              .getObjectRequest(g -> g.bucket(BUCKET).key(key))).url();
          t0 = System.nanoTime();
          download(presigned.toString(), null, size);
          double bd = mibPerS(size, System.nanoTime() - t0);
          RssSampler down = new RssSampler(server);
          t0 = System.nanoTime();
          download(objectUri + "/content?aws_cred=transfer", token, size);
          double od = mibPerS(size, System.nanoTime() - t0);
          double downPeak = down.stop();
          bare.deleteObject(b -> b.bucket(BUCKET).key(key));
          if (timed) {
            bareUp = bu;
            oursUp = ou;
            bareDown = bd;
            oursDown = od;
            rssUp = upPeak;
            rssDown = downPeak;
          }
        }
        Files.delete(file);
        double upRatio = oursUp / bareUp;
        double downRatio = oursDown / bareDown;
        rows.add(List.of("upload " + label, "bare SDK PutObject (one request) straight to S3Proxy", bareUp, 1.0, "", ""));
        rows.add(List.of("upload " + label, "ours: PUT /api/buckets/{b}/objects/{key_b64}, streamed", oursUp, upRatio,
            rssUp, (upRatio >= 0.7 ? "≥0.7× met" : "≥0.7× MISSED") + ", " + (rssUp < 381.5 ? "RSS<400 MB met"
                : "RSS<400 MB MISSED")));
        rows.add(List.of("download " + label, "presigned GET fetched directly from S3Proxy", bareDown, 1.0, "", ""));
        rows.add(List.of("download " + label, "ours: GET …/objects/{key_b64}/content", oursDown, downRatio, rssDown,
            (downRatio >= 0.8 ? "≥0.8× met" : "≥0.8× MISSED") + ", " + (rssDown < 381.5 ? "RSS<400 MB met"
                : "RSS<400 MB MISSED")));
      }
      r.line("- transfers: second of two runs at each size (the first warms up); server RSS = largest VmRSS sampled "
          + "every 20 ms during our transfer; VmHWM over the whole run " + String.format("%.0f MiB",
              server.procStatusMiB("VmHWM")));
      r.table(List.of("transfer", "what", "MiB/s", "× baseline", "server RSS peak MiB", "goal"), rows);
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
