package io.s3panel.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 300 MiB upload and download through a server running in its own JVM with a 128 MiB heap (the
 * launcher's): the body is generated on the fly, never stored, and the checksums on both sides are equal.
 * A server that held the body whole would run out of memory.
 */
class LargeTransferBoundedHeapTest {
  static final long SIZE = 300L * 1024 * 1024;

  @Test
  void upload300MiB_thenDownload_throughA128MiBHeapServer_checksumsEqual() throws Exception {
    Path dataDir = Files.createTempDirectory("s3panel-large");
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("big")) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.s3panel.server.Application")
          .redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      env.put("S3PANEL_DEV", "true");
      env.put("S3PANEL_PORT", "-1");
      env.put("S3PANEL_DATA_DIR", dataDir.toString());
      env.put("S3PANEL_ALLOWED_ENDPOINTS", "127.0.0.1");
      env.put("S3PANEL_DB_URL", "jdbc:h2:mem:large;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      Process server = pb.start();
      try {
        String base = awaitListening(server);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String password = "Correct-Horse-Battery-Staple-42!";
        post(http, base + "/api/register", null, "{\"username\": \"big\", \"password\": \"" + password + "\"}");
        String login = post(http, base + "/api/login", null, "{\"username\": \"big\", \"password\": \"" + password + "\"}");
        Matcher m = Pattern.compile("\"access\":\"([^\"]+)\"").matcher(login);
        assertThat(m.find()).as(login).isTrue();
        String token = m.group(1);
        post(http, base + "/api/aws-credentials/add", token, "{\"identifier\": \"main\", \"aws_access_key_id\": \""
            + s3.accessKeyId() + "\", \"aws_secret_access_key\": \"" + s3.secretAccessKey()
            + "\", \"region_name\": \"us-east-1\", \"endpoint_url\": \"" + s3.endpoint() + "\", \"path_style\": true}");
        String path = base + "/api/buckets/big/objects/"
            + Base64.getUrlEncoder().withoutPadding().encodeToString("large/300.bin".getBytes(StandardCharsets.UTF_8));

        GeneratedStream body = new GeneratedStream(SIZE);
        long start = System.nanoTime();
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(path + "?aws_cred=main"))
            .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token)
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
        long upMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(up.body()).contains("\"size\":" + SIZE);

        start = System.nanoTime();
        HttpResponse<InputStream> down = http.send(HttpRequest.newBuilder(URI.create(path + "/content?aws_cred=main"))
            .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(down.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long read = 0;
        try (InputStream in = down.body()) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) {
            digest.update(buf, 0, n);
            read += n;
          }
        }
        long downMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(read).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(body.sha256());
        long peakRssKib = peakRssKib(server.pid());
        System.out.printf("LargeTransferBoundedHeapTest: 300 MiB up %d ms, down %d ms, server peak RSS %d MiB (-Xmx128m)%n",
            upMs, downMs, peakRssKib / 1024);
        assertThat(server.isAlive()).isTrue();
        if (peakRssKib > 0) {
          assertThat(peakRssKib / 1024).as("server peak RSS in MiB").isLessThan(400);
        }
      } finally {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  private static String awaitListening(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("listening on (http://localhost:\\d+)/");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    StringBuilder seen = new StringBuilder();
    for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = listening.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(java.io.Writer.nullWriter());
          } catch (java.io.IOException ignored) {
            // The server ended.
          }
        });
        drain.setDaemon(true);
        drain.start();
        return m.group(1).replace("localhost", "127.0.0.1");
      }
    }
    throw new AssertionError("the server did not start:\n" + seen);
  }

  private static String post(HttpClient http, String url, String token, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " " + r.body()).isBetween(200, 201);
    return r.body();
  }

  /** VmHWM of a process from /proc, in KiB; 0 where /proc is not there. */
  private static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }

  /** Pseudo-random bytes made as they are read, hashed on the way. */
  static final class GeneratedStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long produced;
    private long state = 0x9E3779B97F4A7C15L;

    GeneratedStream(long size) throws Exception {
      this.size = size;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (produced >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - produced);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      digest.update(b, off, n);
      produced += n;
      return n;
    }

    String sha256() {
      assertThat(produced).isEqualTo(size);
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
