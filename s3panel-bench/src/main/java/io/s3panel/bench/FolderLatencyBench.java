package io.s3panel.bench;

import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.LatencyProxy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Item 1: one folder page with grants through our HTTP API versus the original app's method (ListObjects, then
 * GetObjectAcl per file one after another, plain SDK), with 0/10/30 ms added per S3 request by
 * {@link LatencyProxy}. S3Proxy, the proxy and the server all run in this JVM.
 */
final class FolderLatencyBench {
  private final Report r;
  private final boolean smoke;

  FolderLatencyBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  /** The figures of one cell; used by the smoke test too. */
  record Cell(long delay, int files, double apiMs, double baselineMs, double listMs, double aclMs, double floorMs) {}

  List<Cell> run() throws IOException {
    r.line("");
    r.line("## 1. Folder page with grants under latency");
    long[] delays = smoke ? new long[] {0, 10} : new long[] {0, 10, 30};
    int[] sizes = smoke ? new int[] {10} : new int[] {100, 1000};
    int concurrency = 16; // the server's default s3panel.grant-concurrency
    List<Cell> cells = new ArrayList<>();
    try (S3ProxyServer s3 = S3ProxyServer.start(); LatencyProxy proxy = LatencyProxy.start(s3.endpoint(), 0)) {
      long seedStart = System.nanoTime();
      for (int n : sizes) {
        s3.bucket("lat" + n);
        Sdk.seed(s3.admin(), "lat" + n, Sdk.keys("p/", n), 8);
      }
      r.f("- seeded %s files in %.1f s", java.util.Arrays.toString(sizes), (System.nanoTime() - seedStart) / 1e9);
      try (S3Client sdk = Sdk.client(s3, proxy.endpoint(), 8);
          Fixture f = Fixture.start(s3, proxy, Map.of())) {
        r.f("- server in this JVM, s3panel.grant-concurrency=%d (default), worker-threads=64 (default)", concurrency);
        // JIT and connection warm-up of both paths before anything is measured.
        for (int i = 0; i < (smoke ? 1 : 5); i++) {
          f.folderPage("lat" + sizes[sizes.length - 1], sizes[sizes.length - 1], true);
          baseline(sdk, "lat" + sizes[0], sizes[0]);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (long d : delays) {
          proxy.delay(d);
          for (int n : sizes) {
            String bucket = "lat" + n;
            Samples list = new Samples(100);
            Samples acl = new Samples(100);
            for (int i = 0; i < 12; i++) {
              long t0 = System.nanoTime();
              ListObjectsResponse lr = listPage(sdk, bucket, n);
              long t1 = System.nanoTime();
              sdk.getObjectAcl(b -> b.bucket(bucket).key(lr.contents().get(0).key()));
              long t2 = System.nanoTime();
              if (i > 1) {
                list.add(t1 - t0);
                acl.add(t2 - t1);
              }
            }
            int apiRuns = smoke ? 1 : d == 0 ? 20 : n >= 1000 ? (d >= 30 ? 3 : 5) : 10;
            int baseRuns = smoke ? 1 : d == 0 ? 5 : n >= 1000 ? 1 : (d >= 30 ? 2 : 3);
            f.folderPage(bucket, n, true); // warm-up, checks the answer
            Samples api = new Samples(100);
            Samples base = new Samples(100);
            long apiRequests = 0;
            long baseRequests = 0;
            for (int i = 0; i < Math.max(apiRuns, baseRuns); i++) {
              if (i < apiRuns) {
                long r0 = proxy.requests();
                long t0 = System.nanoTime();
                f.folderPage(bucket, n, true);
                api.add(System.nanoTime() - t0);
                apiRequests += proxy.requests() - r0;
              }
              if (i < baseRuns) {
                long r0 = proxy.requests();
                long t0 = System.nanoTime();
                baseline(sdk, bucket, n);
                base.add(System.nanoTime() - t0);
                baseRequests += proxy.requests() - r0;
              }
            }
            double floor = list.p50() + Math.ceil(n / (double) concurrency) * acl.p50();
            Cell c = new Cell(d, n, api.p50(), base.p50(), list.p50(), acl.p50(), floor);
            cells.add(c);
            rows.add(List.of(d + " ms", n, String.format("%.0f (%d runs)", api.p50(), api.count()),
                String.format("%.0f (%d runs)", base.p50(), base.count()),
                String.format("%.0f / %.0f", apiRequests / (double) api.count(), baseRequests / (double) base.count()),
                base.p50() / api.p50(), list.p50(), acl.p50(), floor, api.p50() / floor,
                goal(d, n, base.p50() / api.p50(), api.p50() / floor)));
          }
        }
        r.line("Median wall time of one page, ms. Floor = list round trip + ⌈files / 16⌉ × ACL round trip, both "
            + "measured (median of 10) with the plain SDK through the same proxy just before. S3 requests per page as "
            + "counted by the proxy (bursts after ≥ 1 ms of silence per connection, so ≈ requests).");
        r.table(List.of("added latency", "files", "our API p50", "baseline p50", "S3 requests per page (API / baseline)", "speed-up", "list RTT", "ACL RTT",
            "floor", "API / floor", "goal"), rows);

        if (!smoke) {
          sweep(s3, proxy);
        }
      }
    }
    return cells;
  }

  private static String goal(long d, int n, double speedup, double overFloor) {
    if (d == 10 && n == 100) {
      return (speedup >= 10 ? "≥10× met" : "≥10× MISSED") + ", " + (overFloor <= 2 ? "≤2× floor met" : "≤2× floor MISSED");
    }
    return "";
  }

  /** The grant concurrency sweep at 10 ms: one server per setting. */
  private void sweep(S3ProxyServer s3, LatencyProxy proxy) throws IOException {
    proxy.delay(10);
    List<List<Object>> rows = new ArrayList<>();
    for (int c : new int[] {4, 8, 16, 32, 64}) {
      try (Fixture f = Fixture.start(s3, proxy, Map.of("s3panel.grant-concurrency", c))) {
        for (int n : new int[] {100, 1000}) {
          f.folderPage("lat" + n, n, true);
          Samples api = new Samples(20);
          for (int i = 0; i < (n >= 1000 ? 3 : 7); i++) {
            long t0 = System.nanoTime();
            f.folderPage("lat" + n, n, true);
            api.add(System.nanoTime() - t0);
          }
          rows.add(List.of(c, n, api.p50(), 10.0 * (1 + Math.ceil(n / (double) c))));
        }
      }
    }
    r.line("Grant-concurrency sweep at 10 ms added latency (server restarted per setting; ideal = 10 ms × (1 + ⌈files / c⌉)):");
    r.table(List.of("s3panel.grant-concurrency", "files", "our API p50 ms", "ideal ms"), rows);
  }

  static ListObjectsResponse listPage(S3Client sdk, String bucket, int n) {
    return sdk.listObjects(b -> b.bucket(bucket).prefix("p/").delimiter("/").maxKeys(n).encodingType(EncodingType.URL));
  }

  /** The original app's method: one ListObjects, then one GetObjectAcl per file, one after another. */
  static int baseline(S3Client sdk, String bucket, int n) {
    ListObjectsResponse page = listPage(sdk, bucket, n);
    int grants = 0;
    for (S3Object o : page.contents()) {
      grants += sdk.getObjectAcl(b -> b.bucket(bucket).key(o.key())).grants().size();
    }
    if (page.contents().size() != n) {
      throw new IllegalStateException("expected " + n + " files, got " + page.contents().size());
    }
    return grants;
  }

  /** The in-process server with one user holding two sets: "lat" through the proxy, "direct" to S3Proxy. */
  static final class Fixture implements AutoCloseable {
    final EmbeddedServer server;
    final HttpConn conn;
    final String token;

    private Fixture(EmbeddedServer server, HttpConn conn, String token) {
      this.server = server;
      this.conn = conn;
      this.token = token;
    }

    static Fixture start(S3ProxyServer s3, LatencyProxy proxy, Map<String, Object> extra) throws IOException {
      EmbeddedServer server = Env.inProcess(extra);
      HttpConn conn = new HttpConn(server.getPort());
      String token = Env.registerAndLogin(conn, "bench")[0];
      Env.addCredential(conn, token, "lat", s3, proxy.endpoint());
      Env.addCredential(conn, token, "direct", s3, s3.endpoint());
      return new Fixture(server, conn, token);
    }

    String folderPath(String cred, String bucket, int n, boolean grants) {
      return "/api/buckets/" + bucket + "/folders?aws_cred=" + cred + "&prefix=p%2F&max_keys=" + n
          + (grants ? "" : "&include_grants=false");
    }

    /** One page through the proxy; checks the status and the number of files. */
    HttpConn.Response folderPage(String bucket, int n, boolean grants) throws IOException {
      HttpConn.Response resp = conn.get(folderPath("lat", bucket, n, grants), token);
      check(resp, n, grants);
      return resp;
    }

    static void check(HttpConn.Response resp, int n, boolean grants) {
      if (resp.status() != 200) {
        throw new IllegalStateException("folder page: " + resp.status() + " " + resp.text());
      }
      String body = resp.text();
      int files = count(body, "\"file\":");
      int permissions = count(body, "\"Permission\":");
      if (files != n || (grants && permissions < n)) {
        throw new IllegalStateException("folder page: expected " + n + " files with grants, got " + files
            + " files and " + permissions + " grants");
      }
    }

    static int count(String s, String needle) {
      int c = 0;
      for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
        c++;
      }
      return c;
    }

    @Override
    public void close() {
      conn.close();
      server.close();
    }
  }
}
