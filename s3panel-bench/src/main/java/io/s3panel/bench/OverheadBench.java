package io.s3panel.bench;

import io.s3panel.core.S3Panel;
import io.s3panel.core.credentials.CachingCredentialStore;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.LatencyProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Item 2 (API overhead: the same folder page without grants through our HTTP API and by a direct SDK call,
 * interleaved, no added latency) and item 5's proof that the request path neither decrypts, parses keys
 * nor builds clients per request: the connection cache counters and a JFR profile of the measured loop.
 */
final class OverheadBench {
  private final Report r;
  private final boolean smoke;

  OverheadBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  /** The row cache's counters, or {@code null} when the server runs without it. */
  private static CachingCredentialStore.Stats rowStats(S3Panel panel) {
    return panel.store() instanceof CachingCredentialStore c && !c.ttl().isZero() ? c.stats() : null;
  }

  record Figures(double apiP50, double apiP99, double sdkP50, double sdkP99, long requests,
      ConnectionCache.Stats before, ConnectionCache.Stats after) {}

  Figures run(Path outDir) throws IOException {
    r.line("");
    r.line("## 2. API overhead (and 5. per-request work)");
    int n = 100;
    int warm = smoke ? 20 : 1000;
    int measured = smoke ? 30 : 2500;
    try (S3ProxyServer s3 = S3ProxyServer.start(); LatencyProxy proxy = LatencyProxy.start(s3.endpoint(), 0)) {
      s3.bucket("ovh");
      Sdk.seed(s3.admin(), "ovh", Sdk.keys("p/", n), 8);
      try (S3Client sdk = Sdk.client(s3, s3.endpoint(), 8);
          FolderLatencyBench.Fixture f = FolderLatencyBench.Fixture.start(s3, proxy, Map.of())) {
        String path = f.folderPath("direct", "ovh", n, false);
        Samples api = new Samples(measured);
        Samples direct = new Samples(measured);
        S3Panel panel = f.server.getApplicationContext().getBean(S3Panel.class);
        ConnectionCache.Stats before = null;
        CachingCredentialStore.Stats rowsBefore = null;
        Recording rec = null;
        for (int i = -warm; i < measured; i++) {
          if (i == 0) {
            before = panel.connections().stats();
            rowsBefore = rowStats(panel);
            rec = new Recording();
            rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            rec.start();
          }
          long t0 = System.nanoTime();
          HttpConn.Response resp = f.conn.get(path, f.token);
          long t1 = System.nanoTime();
          int files = FolderLatencyBench.listPage(sdk, "ovh", n).contents().size();
          long t2 = System.nanoTime();
          if (i == -warm) {
            FolderLatencyBench.Fixture.check(resp, n, false);
          }
          if (resp.status() != 200 || files != n) {
            throw new IllegalStateException("unexpected answer " + resp.status() + " / " + files);
          }
          if (i >= 0) {
            api.add(t1 - t0);
            direct.add(t2 - t1);
          }
        }
        ConnectionCache.Stats after = panel.connections().stats();
        CachingCredentialStore.Stats rowsAfter = rowStats(panel);
        rec.stop();
        Path jfr = outDir.resolve("overhead.jfr");
        Files.createDirectories(outDir);
        rec.dump(jfr);
        rec.close();

        r.f("- %d measured requests each (after %d warm-up each), API and direct SDK call alternating on one "
            + "thread; server, S3Proxy and client in this JVM; page of %d files, include_grants=false", measured, warm, n);
        r.table(List.of("path", "p50 ms", "p90 ms", "p99 ms", "mean ms"), List.of(
            List.of("our HTTP API (keep-alive, bearer token)", api.p50(), api.percentileMs(90), api.p99(), api.meanMs()),
            List.of("direct SDK ListObjects", direct.p50(), direct.percentileMs(90), direct.p99(), direct.meanMs()),
            List.of("added by the API", api.p50() - direct.p50(), api.percentileMs(90) - direct.percentileMs(90),
                api.p99() - direct.p99(), api.meanMs() - direct.meanMs())));
        r.f("- goal added p50 ≤ 2 ms: %s (%.2f ms)", api.p50() - direct.p50() <= 2 ? "met" : "MISSED",
            api.p50() - direct.p50());
        r.line("");
        r.line("Item 5 proof, connection cache counters around the measured API requests:");
        r.table(List.of("", "clientsBuilt", "cached", "hits", "misses"), List.of(
            List.of("before", before.clientsBuilt(), before.cached(), before.hits(), before.misses()),
            List.of("after", after.clientsBuilt(), after.cached(), after.hits(), after.misses()),
            List.of("delta over " + measured + " requests", after.clientsBuilt() - before.clientsBuilt(), "",
                after.hits() - before.hits(), after.misses() - before.misses())));
        if (rowsBefore != null && rowsAfter != null) {
          r.f("- credential-row cache (S3PANEL_CREDENTIAL_CACHE_TTL) over the measured requests: %d hits, %d database "
              + "reads", rowsAfter.hits() - rowsBefore.hits(), rowsAfter.misses() - rowsBefore.misses());
        } else {
          r.line("- credential-row cache: off (S3PANEL_CREDENTIAL_CACHE_TTL=0), one database read per request");
        }
        profile(jfr);
        return new Figures(api.p50(), api.p99(), direct.p50(), direct.p99(), measured, before, after);
      }
    }
  }

  /** Counts samples of the measured loop whose stack is in key parsing, decryption or client building. */
  private void profile(Path jfr) throws IOException {
    Map<String, Predicate<String>> probes = new java.util.LinkedHashMap<>();
    probes.put("Tink (any decrypt/encrypt/keyset work)", m -> m.startsWith("com.google.crypto.tink."));
    probes.put("keyset parsing (Keysets.parse*, KeysetHandle.read/parse*)",
        m -> m.startsWith("io.s3panel.core.vault.Keysets.parse") || m.startsWith("com.google.crypto.tink.KeysetHandle.read")
            || m.startsWith("com.google.crypto.tink.TinkJsonProtoKeysetFormat.parse"));
    probes.put("vault open (TinkVault.open)", m -> m.startsWith("io.s3panel.core.internal.TinkVault.open"));
    probes.put("S3/HTTP client construction (*ClientBuilder.build)",
        m -> (m.contains("ClientBuilder.build") || m.contains("HttpClient$DefaultBuilder.build")
            || m.contains("DefaultConnectionCache.build")));
    Map<String, Integer> hits = new java.util.LinkedHashMap<>();
    probes.keySet().forEach(k -> hits.put(k, 0));
    Map<String, Integer> serverLeaves = new HashMap<>();
    Map<String, Integer> categories = new java.util.LinkedHashMap<>();
    for (String c : List.of("S3 call (AWS SDK: signing, HTTP, XML unmarshalling)", "JWT verification (Nimbus/micronaut-security)",
        "database (credential set lookup: H2, Hikari, Micronaut Data)", "JSON writing (serde/Jackson)",
        "Netty I/O and HTTP codec", "other (routing, filters, binding, controller)")) {
      categories.put(c, 0);
    }
    int total = 0;
    int server = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      total++;
      List<String> frames = new ArrayList<>();
      for (RecordedFrame fr : e.getStackTrace().getFrames()) {
        frames.add(fr.getMethod().getType().getName() + "." + fr.getMethod().getName());
      }
      for (Map.Entry<String, Predicate<String>> p : probes.entrySet()) {
        if (frames.stream().anyMatch(p.getValue())) {
          hits.merge(p.getKey(), 1, Integer::sum);
        }
      }
      if (frames.stream().anyMatch(m -> m.startsWith("io.micronaut.http.server") || m.startsWith("io.s3panel.server"))
          && !frames.isEmpty()) {
        server++;
        serverLeaves.merge(frames.get(0), 1, Integer::sum);
        String cat;
        if (frames.stream().anyMatch(m -> m.startsWith("software.amazon.awssdk"))) {
          cat = "S3 call (AWS SDK: signing, HTTP, XML unmarshalling)";
        } else if (frames.stream().anyMatch(m -> m.startsWith("com.nimbusds") || m.startsWith("io.micronaut.security"))) {
          cat = "JWT verification (Nimbus/micronaut-security)";
        } else if (frames.stream().anyMatch(m -> m.startsWith("org.h2") || m.startsWith("com.zaxxer")
            || m.startsWith("io.micronaut.data") || m.startsWith("io.micronaut.transaction"))) {
          cat = "database (credential set lookup: H2, Hikari, Micronaut Data)";
        } else if (frames.stream().anyMatch(m -> m.startsWith("io.micronaut.serde") || m.startsWith("com.fasterxml.jackson"))) {
          cat = "JSON writing (serde/Jackson)";
        } else if (frames.get(0).startsWith("io.netty") || frames.get(0).startsWith("sun.nio")) {
          cat = "Netty I/O and HTTP codec";
        } else {
          cat = "other (routing, filters, binding, controller)";
        }
        categories.merge(cat, 1, Integer::sum);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("all CPU samples in the loop (every thread of this JVM)", total));
    rows.add(List.of("… of which in server request handling (io.micronaut.http.server / io.s3panel.server)", server));
    hits.forEach((k, v) -> rows.add(List.of("… with a frame in " + k, v)));
    r.line("JFR execution samples (10 ms period) of the same measured loop:");
    r.table(List.of("stack contains", "samples"), rows);
    List<List<Object>> catRows = new ArrayList<>();
    int serverTotal = server;
    categories.forEach((k, v) -> catRows.add(List.of(k, v, String.format("%.0f %%", 100.0 * v / Math.max(1, serverTotal)))));
    r.line("Server request-handling samples by what they were doing:");
    r.table(List.of("category", "samples", "share"), catRows);
    List<Map.Entry<String, Integer>> top = new ArrayList<>(serverLeaves.entrySet());
    top.sort((a, b) -> b.getValue() - a.getValue());
    List<List<Object>> leafRows = new ArrayList<>();
    for (Map.Entry<String, Integer> en : top.subList(0, Math.min(8, top.size()))) {
      leafRows.add(List.of(en.getKey(), en.getValue()));
    }
    r.line("Hottest leaf methods in server request handling:");
    r.table(List.of("method", "samples"), leafRows);
  }
}
