package io.s3panel.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StorageScannerTest {
  static S3ProxyServer server;
  static S3Panel panel;
  static S3Account account;

  @BeforeAll
  static void seed() {
    server = S3ProxyServer.start();
    // Bodies are the keys themselves, so sizes are known exactly.
    server.bucket("alpha").putAll("alpha", keys("a/", 2345));
    server.bucket("beta").putAll("beta", keys("b/deep/er/", 120));
    server.bucket("gamma");
    server.bucket("delta").put("delta", "one", "12345");
    panel = Panels.create();
    account = panel.open(Panels.credentials(server));
  }

  @AfterAll
  static void stop() {
    account.close();
    panel.close();
    server.close();
  }

  static List<String> keys(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + "obj-" + i).collect(Collectors.toList());
  }

  static long bytes(List<String> keys) {
    return keys.stream().mapToLong(String::length).sum();
  }

  @Test
  void scan_countsEveryBucketExactly_andTotals() {
    ScanResult r = account.scan(ScanOptions.builder().bucketConcurrency(3).build());
    assertThat(r.buckets()).extracting(BucketUsage::bucket).containsExactly("alpha", "beta", "delta", "gamma");
    assertThat(r.buckets().get(0)).isEqualTo(BucketUsage.counted("alpha", 2345, bytes(keys("a/", 2345))));
    assertThat(r.buckets().get(1)).isEqualTo(BucketUsage.counted("beta", 120, bytes(keys("b/deep/er/", 120))));
    assertThat(r.buckets().get(2)).isEqualTo(BucketUsage.counted("delta", 1, 5));
    assertThat(r.buckets().get(3)).isEqualTo(BucketUsage.counted("gamma", 0, 0));
    assertThat(r.totalCount()).isEqualTo(2345 + 120 + 1);
    assertThat(r.totalBytes()).isEqualTo(bytes(keys("a/", 2345)) + bytes(keys("b/deep/er/", 120)) + 5);
  }

  @Test
  void scan_reportsProgressUpToTheTotals() {
    List<ScanProgress> seen = new CopyOnWriteArrayList<>();
    List<BucketUsage> done = new CopyOnWriteArrayList<>();
    ScanResult r = account.scan(ScanOptions.builder().listener(new ScanListener() {
      @Override
      public void onProgress(ScanProgress p) {
        seen.add(p);
      }

      @Override
      public void onBucketDone(BucketUsage u) {
        done.add(u);
      }
    }).build());
    assertThat(seen).isNotEmpty();
    assertThat(seen).allSatisfy(p -> assertThat(p.bucketsTotal()).isEqualTo(4));
    assertThat(seen).anySatisfy(p -> assertThat(p).isEqualTo(new ScanProgress(4, 4, r.totalCount(), r.totalBytes())));
    assertThat(seen).anySatisfy(p -> assertThat(p.objectsCounted()).isBetween(1L, r.totalCount() - 1));
    assertThat(done).hasSize(4);
  }

  @Test
  void scan_cancelled_stopsWithCancelledError() {
    Cancellation stop = new Cancellation();
    ScanListener cancelOnFirstPage = new ScanListener() {
      @Override
      public void onProgress(ScanProgress p) {
        if (p.objectsCounted() > 0) {
          stop.cancel();
        }
      }
    };
    assertThatThrownBy(() -> account.scan(ScanOptions.builder().bucketConcurrency(1).listener(cancelOnFirstPage)
        .cancellation(stop).build()))
        .isInstanceOf(OperationCancelledException.class);
  }

  @Test
  void scan_resumed_skipsBucketsAlreadyCounted() {
    List<String> listed = new ArrayList<>();
    BucketUsage remembered = BucketUsage.counted("alpha", 7, 700); // deliberately not the real figure
    ScanResult r = account.scan(ScanOptions.builder().alreadyCounted(List.of(remembered)).listener(new ScanListener() {
      @Override
      public synchronized void onBucketDone(BucketUsage u) {
        listed.add(u.bucket());
      }
    }).build());
    assertThat(listed).doesNotContain("alpha");
    assertThat(r.buckets().get(0)).isEqualTo(remembered);
    assertThat(r.totalCount()).isEqualTo(7 + 120 + 1);
  }
}
