package io.s3panel.bench;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureReport;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import io.s3panel.testing.LatencyProxy;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * Item 9: the library's exposure report with {@code objects: all} over buckets of seeded objects, each S3
 * request delayed 10 ms by {@link LatencyProxy}, at the default ACL concurrency (16) and sequentially (ACL
 * concurrency 1) in the same run, against the floor the allowed concurrency permits, with the same report at
 * 0 ms interleaved (what the CPU allows here) and a few other concurrency settings. S3Proxy, the proxy and the
 * library all run in this JVM; the objects are seeded straight into S3Proxy, not through the proxy.
 */
final class ExposureBench {
  static final long DELAY_MS = 10;
  /** The bucket-level calls of one bucket, run beside its listing: GetBucketAcl, GetBucketPolicyStatus, GetPublicAccessBlock. */
  static final int BUCKET_CALLS = 3;

  private final Report r;
  private final boolean smoke;

  ExposureBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  /** One measured setting: median wall time, floor, S3 requests counted by the proxy, calls expected. */
  record Row(int aclConcurrency, double p50Ms, int runs, double floorMs, long requestsPerReport, long callsExpected) {
    double ratio() {
      return p50Ms / floorMs;
    }
  }

  List<Row> run() {
    int buckets = smoke ? 2 : 10;
    int perBucket = smoke ? 20 : 1000;
    int publicObjects = 3;
    int bucketConcurrency = ExposureOptions.defaults().bucketConcurrency();
    int defaultAcl = ExposureOptions.defaults().aclConcurrency();
    r.line("");
    r.line("## 9. Exposure report under latency (objects: all)");
    try (S3ProxyServer s3 = S3ProxyServer.start(); LatencyProxy proxy = LatencyProxy.start(s3.endpoint(), 0);
        S3Panel panel = S3Panel.builder().vault(Vault.create(Keysets.generate()))
            .endpointPolicy(EndpointPolicy.parse("127.0.0.1")).build()) {
      long seedStart = System.nanoTime();
      List<String> names = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        String name = String.format("exp%02d", b);
        names.add(name);
        s3.bucket(name);
        Sdk.seed(s3.admin(), name, Sdk.keys("o/", perBucket), 8);
      }
      List<String> keys = Sdk.keys("o/", perBucket);
      for (int i = 0; i < publicObjects; i++) {
        String key = keys.get(i * (perBucket / publicObjects));
        s3.admin().putObjectAcl(b -> b.bucket(names.get(0)).key(key).acl(ObjectCannedACL.PUBLIC_READ));
      }
      r.f("- seeded %d buckets × %d objects straight into S3Proxy (not through the delay line) in %.1f s; %d objects "
          + "of %s made public-read", buckets, perBucket, (System.nanoTime() - seedStart) / 1e9, publicObjects, names.get(0));

      // Listing pages per bucket as the report lists them (ListObjectsV2, pages of up to 1,000), read directly.
      List<List<Integer>> pages = new ArrayList<>();
      for (String name : names) {
        pages.add(pageSizes(s3, name));
      }
      int pagesPerBucket = pages.get(0).size();

      CredentialSet set = CredentialSet.builder().accessKeyId(s3.accessKeyId()).secretAccessKey(s3.secretAccessKey())
          .region(S3ProxyServer.REGION).endpoint(proxy.endpoint()).pathStyle(true).build();
      try (S3Account account = panel.open(set)) {
        proxy.delay(DELAY_MS);
        r.f("- the library's `S3Account.exposure().report` with `objects: all`, bucket concurrency %d (default), "
            + "%d ms added per S3 request by the delay line; library defaults otherwise (64 worker threads, 200 "
            + "connections)", bucketConcurrency, DELAY_MS);
        r.load("before the measured reports");
        // Warm-up: the JIT needs tens of thousands of calls before the SDK's and S3Proxy's paths are compiled;
        // one report (10,041 calls) was not enough (the first runs of this item measured partly interpreted
        // code). Three reports with no added latency, then one at 10 ms.
        int warmups = smoke ? 1 : 4;
        List<String> warmTimes = new ArrayList<>();
        for (int i = 0; i < warmups; i++) {
          proxy.delay(i == warmups - 1 ? DELAY_MS : 0);
          long w0 = System.nanoTime();
          report(account, defaultAcl, buckets, perBucket, publicObjects);
          warmTimes.add(String.format("%.0f ms (%d ms added)", (System.nanoTime() - w0) / 1e6,
              i == warmups - 1 ? DELAY_MS : 0));
        }
        r.f("- warm-up reports: %s", String.join(", ", warmTimes));

        // The sequential baseline first: its ~30 s of mostly idle CPU let the JIT compiler finish what the
        // saturated warm-up reports left queued (measured later, the default ran 2-2.5x slower than a setting
        // with more look-ups in flight measured after it: compilation, not the library).
        proxy.delay(DELAY_MS);
        Samples seq = new Samples(1);
        long seqR0 = proxy.requests();
        long seqT0 = System.nanoTime();
        report(account, 1, buckets, perBucket, publicObjects);
        seq.add(System.nanoTime() - seqT0);
        long seqRequests = proxy.requests() - seqR0;

        // Measured: the default at 10 ms and the same report with no added latency, interleaved, so both see
        // the same machine (other sessions share its 2 cores).
        int fastRuns = smoke ? 1 : 3;
        Samples fast = new Samples(fastRuns);
        Samples zero = new Samples(fastRuns);
        Samples fastCpu = new Samples(fastRuns);
        Samples zeroCpu = new Samples(fastRuns);
        long fastRequests = 0;
        for (int i = 0; i < fastRuns; i++) {
          proxy.delay(DELAY_MS);
          long r0 = proxy.requests();
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          report(account, defaultAcl, buckets, perBucket, publicObjects);
          fast.add(System.nanoTime() - t0);
          fastCpu.add(processCpuNanos() - c0);
          fastRequests += proxy.requests() - r0;
          proxy.delay(0);
          long z0 = System.nanoTime();
          long zc0 = processCpuNanos();
          report(account, defaultAcl, buckets, perBucket, publicObjects);
          zero.add(System.nanoTime() - z0);
          zeroCpu.add(processCpuNanos() - zc0);
        }
        // Other concurrency settings at 10 ms, one run each: what the defaults trade on this machine.
        proxy.delay(DELAY_MS);
        List<List<Object>> sweep = new ArrayList<>();
        int[][] settings = smoke ? new int[][] {{1, defaultAcl}}
            : new int[][] {{1, defaultAcl}, {2, defaultAcl}, {4, 8}, {10, defaultAcl}, {4, 32}};
        for (int[] setting : settings) {
          long s0 = System.nanoTime();
          report(account, b -> b.bucketConcurrency(setting[0]).aclConcurrency(setting[1]), buckets, perBucket,
              publicObjects);
          double ms = (System.nanoTime() - s0) / 1e6;
          double floor = floorMs(pages, setting[0], setting[1]);
          sweep.add(List.of(setting[0], setting[1], setting[0] * setting[1], String.format("%.0f", ms), floor,
              ms / floor));
        }
        r.load("after the measured reports");

        long expected = 1 + (long) buckets * (BUCKET_CALLS + pagesPerBucket + perBucket);
        Row fastRow = new Row(defaultAcl, fast.p50(), fast.count(),
            floorMs(pages, bucketConcurrency, defaultAcl), fastRequests / fastRuns, expected);
        Row seqRow = new Row(1, seq.p50(), seq.count(), floorMs(pages, bucketConcurrency, 1), seqRequests, expected);
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : List.of(fastRow, seqRow)) {
          rows.add(List.of(row.aclConcurrency() == defaultAcl ? defaultAcl + " (default)" : "1 (sequential baseline)",
              String.format("%.0f (%d runs)", row.p50Ms(), row.runs()), row.floorMs(), row.ratio(),
              row.callsExpected() + " / " + row.requestsPerReport(),
              row == fastRow ? (row.ratio() <= 2 ? "≤2× floor met" : "≤2× floor MISSED") : ""));
        }
        r.f("- %d buckets × %d objects, %d listing page(s) per bucket; median wall time of one report, ms", buckets,
            perBucket, pagesPerBucket);
        r.table(List.of("ACL concurrency", "report p50 ms", "floor ms", "report / floor",
            "S3 calls expected / requests counted by the proxy", "goal"), rows);
        r.f("- floor = %d ms × (1 ListBuckets + ⌈%d buckets / bucket concurrency %d⌉ × (1 first ListObjectsV2 page + "
            + "Σ over pages ⌈objects in the page / ACL concurrency⌉)); the %d bucket calls (GetBucketAcl, "
            + "GetBucketPolicyStatus, GetPublicAccessBlock) run beside the listing and later pages are fetched while the "
            + "previous page's ACLs are read, so they add nothing; the slowest bucket of each round is counted",
            DELAY_MS, buckets, bucketConcurrency, BUCKET_CALLS);
        r.f("- the same report at ACL concurrency %d with 0 ms added, interleaved with the 10 ms runs (S3Proxy, the "
            + "delay line and the library sharing this JVM and the machine's CPUs, no latency): p50 %.0f ms (%d runs), "
            + "i.e. %.2f× the 10 ms floor; report at 10 ms / report at 0 ms = %.2f; report at 10 ms / max(floor, "
            + "report at 0 ms) = %.2f", defaultAcl, zero.p50(), zero.count(), zero.p50() / fastRow.floorMs(),
            fastRow.p50Ms() / zero.p50(), fastRow.p50Ms() / Math.max(fastRow.floorMs(), zero.p50()));
        int cores = Runtime.getRuntime().availableProcessors();
        r.f("- CPU of this JVM (S3Proxy, the delay line, the SDK and the library together) per report: p50 %.0f ms at "
            + "10 ms, %.0f ms at 0 ms; spread over the machine's %d cores with nothing else running that is at least "
            + "%.0f ms of wall time (the CPU floor), against the latency floor of %.0f ms; report at 10 ms / max(latency "
            + "floor, CPU floor) = %.2f", fastCpu.p50(), zeroCpu.p50(), cores, fastCpu.p50() / cores,
            fastRow.floorMs(), fastRow.p50Ms() / Math.max(fastRow.floorMs(), fastCpu.p50() / cores));
        r.f("- other concurrency settings at %d ms (one run each, after the rows above):", DELAY_MS);
        r.table(List.of("bucket concurrency", "ACL concurrency", "look-ups in flight", "report ms", "floor ms",
            "report / floor"), sweep);
        r.f("- sequential baseline / default: %.1f× faster at ACL concurrency %d", seqRow.p50Ms() / fastRow.p50Ms(),
            defaultAcl);
        return List.of(fastRow, seqRow);
      }
    }
  }

  /** CPU time of this whole JVM so far, in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The floor of one report at {@code acl} look-ups per bucket, buckets taken {@code bucketConcurrency} at a time:
   * per bucket the first listing page, then the ACL rounds of each page (the three bucket calls run beside them,
   * one round, so they only count when a bucket has nothing to list).
   */
  static double floorMs(List<List<Integer>> pages, int bucketConcurrency, int acl) {
    long perBucket = 0;
    for (List<Integer> p : pages) {
      long chain = 1;
      for (int n : p) {
        chain += (n + acl - 1) / acl;
      }
      perBucket = Math.max(perBucket, chain);
    }
    long rounds = (pages.size() + bucketConcurrency - 1) / bucketConcurrency;
    return DELAY_MS * (1 + rounds * perBucket);
  }

  private static List<Integer> pageSizes(S3ProxyServer s3, String bucket) {
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.admin().listObjectsV2(b -> b.bucket(bucket).maxKeys(1000).continuationToken(t));
      sizes.add(page.contents().size());
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return sizes;
  }

  /** One report with {@code objects: all}; checks every object was read and exactly the public ones found. */
  private static void report(S3Account account, int aclConcurrency, int buckets, int perBucket, int publicObjects) {
    report(account, b -> b.aclConcurrency(aclConcurrency), buckets, perBucket, publicObjects);
  }

  /** As above with other options; {@code objects: all} always. */
  private static void report(S3Account account, java.util.function.Consumer<ExposureOptions.Builder> options,
      int buckets, int perBucket, int publicObjects) {
    ExposureReport report = account.exposure().report(ExposureOptions.of(b -> {
      options.accept(b);
      b.objects(ObjectMode.ALL);
    }));
    long checked = 0;
    long found = 0;
    for (BucketExposure b : report.buckets()) {
      if (!b.objects().available()) {
        throw new IllegalStateException("objects of " + b.bucket() + " not read: " + b.objects().unavailableReason());
      }
      checked += b.objects().value().checked();
      found += b.objects().value().publicCount();
    }
    if (report.buckets().size() != buckets || checked != (long) buckets * perBucket || found != publicObjects) {
      throw new IllegalStateException("exposure report: " + report.buckets().size() + " buckets, " + checked
          + " objects checked, " + found + " public; expected " + buckets + ", " + (long) buckets * perBucket + ", "
          + publicObjects);
    }
  }
}
