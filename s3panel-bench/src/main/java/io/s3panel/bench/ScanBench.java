package io.s3panel.bench;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanResult;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Item 4: our storage scan (the library's {@code S3Account.scan}, what the server's statistics task runs)
 * versus a bare ListObjectsV2 loop with a plain SDK client, both in this JVM against S3Proxy (also in this JVM,
 * no added latency): one account with one bucket, and one with five buckets.
 */
final class ScanBench {
  private final Report r;
  private final boolean smoke;

  ScanBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  record Figures(double oneBucketRatio, double fiveBucketRatio) {}

  Figures run() {
    int perBucket = smoke ? 300 : 40_000;
    int buckets = 5;
    int rounds = smoke ? 1 : 5;
    r.line("");
    r.line("## 4. Statistics scan");
    String ak = "AKIABENCHSCAN0000001";
    String sk = "benchmark/secret+key/0000000000000000000";
    try (ListingS3 five = ListingS3.start(); ListingS3 one = ListingS3.start();
        S3Client bareFive = Sdk.client(five.endpoint(), ak, sk, 8); S3Client bareOne = Sdk.client(one.endpoint(), ak, sk, 8);
        S3Panel panel = S3Panel.builder().vault(Vault.create(Keysets.generate()))
            .endpointPolicy(EndpointPolicy.parse("127.0.0.1")).build();
        S3Account accFive = panel.open(set(five, ak, sk)); S3Account accOne = panel.open(set(one, ak, sk))) {
      long t0 = System.nanoTime();
      for (int b = 0; b < buckets; b++) {
        five.seed("scan-" + b, "d" + (b % 3) + "/", perBucket, 1000 + b);
      }
      one.seed("solo", "d/", perBucket, 1000);
      r.f("- store: %s; %d objects in %d buckets plus a one-bucket account of %d, seeded in memory in %.1f s "
          + "(S3Proxy could not be used at this size: see BENCHMARKS.md)", "the bench's in-memory listing endpoint "
          + "(ListingS3: ListBuckets + ListObjectsV2 over sorted maps, O(page) per request, in this JVM)",
          perBucket * buckets, buckets, perBucket, (System.nanoTime() - t0) / 1e9);
      r.line("- our scan: the library's `S3Account.scan` (what the server's statistics task runs) through "
          + "`S3Panel.open`, default connection settings; bare loop: a plain SDK S3Client, ListObjectsV2 pages of "
          + "1000, bucket after bucket; both in this JVM");

      List<String> fiveNames = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        fiveNames.add("scan-" + b);
      }
      long expectedFive = (long) perBucket * buckets;
      // Warm both paths once (JIT, connections).
      bare(bareOne, List.of("solo"));
      scan(accOne, 1, perBucket);

      Samples bareOneS = new Samples(10);
      Samples oursOneS = new Samples(10);
      Samples bareFiveS = new Samples(10);
      Samples ours1S = new Samples(10);
      Samples ours4S = new Samples(10);
      Samples ours5S = new Samples(10);
      for (int i = 0; i < rounds; i++) {
        bareOneS.add(time(() -> check(bare(bareOne, List.of("solo")), perBucket)));
        oursOneS.add(time(() -> check(scan(accOne, 4, perBucket), perBucket)));
        bareFiveS.add(time(() -> check(bare(bareFive, fiveNames), expectedFive)));
        ours1S.add(time(() -> check(scan(accFive, 1, expectedFive), expectedFive)));
        ours4S.add(time(() -> check(scan(accFive, 4, expectedFive), expectedFive)));
        ours5S.add(time(() -> check(scan(accFive, 5, expectedFive), expectedFive)));
      }
      // Memory, in separate untimed scans: live heap after a full GC every few pages, minus before the scan.
      double oneHeap = liveGrowthMiB(accOne, smoke ? 1 : 10);
      double fiveHeap = liveGrowthMiB(accFive, smoke ? 1 : 25);
      double bareOneRate = perBucket / (bareOneS.p50() / 1e3);
      double bareFiveRate = expectedFive / (bareFiveS.p50() / 1e3);
      List<List<Object>> rows = new ArrayList<>();
      rows.add(List.of("1 bucket, " + perBucket, "bare ListObjectsV2 loop", bareOneS.p50(), bareOneRate, 1.0, ""));
      double oneRatio = perBucket / (oursOneS.p50() / 1e3) / bareOneRate;
      rows.add(List.of("1 bucket, " + perBucket, "our scan (default bucket concurrency 4)", oursOneS.p50(),
          perBucket / (oursOneS.p50() / 1e3), oneRatio, oneRatio >= 0.9 ? "≥0.9× met" : "≥0.9× MISSED"));
      rows.add(List.of("5 buckets, " + expectedFive, "bare loop, buckets one after another", bareFiveS.p50(),
          bareFiveRate, 1.0, ""));
      rows.add(List.of("5 buckets, " + expectedFive, "our scan, bucket concurrency 1", ours1S.p50(),
          expectedFive / (ours1S.p50() / 1e3), expectedFive / (ours1S.p50() / 1e3) / bareFiveRate, ""));
      double fourRatio = expectedFive / (ours4S.p50() / 1e3) / bareFiveRate;
      rows.add(List.of("5 buckets, " + expectedFive, "our scan, bucket concurrency 4 (default)", ours4S.p50(),
          expectedFive / (ours4S.p50() / 1e3), fourRatio, fourRatio > 1 ? "faster: met" : "faster: MISSED"));
      rows.add(List.of("5 buckets, " + expectedFive, "our scan, bucket concurrency 5", ours5S.p50(),
          expectedFive / (ours5S.p50() / 1e3), expectedFive / (ours5S.p50() / 1e3) / bareFiveRate, ""));
      r.f("- median of %d rounds, the variants interleaved within each round", rounds);
      r.table(List.of("data", "what", "ms", "objects/s", "× bare loop", "goal"), rows);
      r.f("- memory: largest growth of the live heap (used after a full GC, taken every few pages during an untimed scan) over the live heap before it: %.1f MiB for %d objects (1 bucket), "
          + "%.1f MiB for %d objects (5 buckets)", oneHeap, perBucket, fiveHeap, expectedFive);
      return new Figures(oneRatio, fourRatio);
    }
  }

  private static io.s3panel.core.credentials.CredentialSet set(ListingS3 s3, String ak, String sk) {
    return io.s3panel.core.credentials.CredentialSet.builder().accessKeyId(ak).secretAccessKey(sk)
        .region("us-east-1").endpoint(s3.endpoint()).pathStyle(true).build();
  }

  private static void check(long counted, long expected) {
    if (counted != expected) {
      throw new IllegalStateException("counted " + counted + " objects, expected " + expected);
    }
  }

  private static long time(Runnable run) {
    long t0 = System.nanoTime();
    run.run();
    return System.nanoTime() - t0;
  }

  /** The bare loop: ListObjectsV2 pages of 1000, counting objects and bytes, bucket after bucket. */
  static long bare(S3Client s3, List<String> buckets) {
    long count = 0;
    long bytes = 0;
    for (String bucket : buckets) {
      String token = null;
      do {
        String t = token;
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1000).continuationToken(t));
        for (S3Object o : r.contents()) {
          bytes += o.size();
        }
        count += r.contents().size();
        token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
      } while (token != null);
    }
    return bytes >= 0 ? count : -1;
  }

  static long scan(S3Account account, int bucketConcurrency, long expected) {
    ScanResult result = account.scan(ScanOptions.builder().bucketConcurrency(bucketConcurrency).build());
    return result.totalCount();
  }

  /** Live heap (after System.gc()) sampled every {@code everyPages} pages during a scan, minus before. */
  static double liveGrowthMiB(S3Account account, int everyPages) {
    java.lang.management.MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = mem.getHeapMemoryUsage().getUsed();
    long[] max = {before};
    int[] pages = {0};
    account.scan(ScanOptions.builder().bucketConcurrency(4).listener(new io.s3panel.core.stats.ScanListener() {
      @Override
      public synchronized void onProgress(io.s3panel.core.stats.ScanProgress p) {
        if (++pages[0] % everyPages == 0) {
          System.gc();
          max[0] = Math.max(max[0], mem.getHeapMemoryUsage().getUsed());
        }
      }
    }).build());
    return (max[0] - before) / 1048576.0;
  }
}
