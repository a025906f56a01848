package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.objects.BatchAction;
import io.s3panel.core.objects.BatchListener;
import io.s3panel.core.objects.BatchOptions;
import io.s3panel.core.objects.BatchProgress;
import io.s3panel.core.objects.BatchRequest;
import io.s3panel.core.objects.BatchResult;
import io.s3panel.core.objects.Download;
import io.s3panel.core.objects.KeyFailure;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.testing.FaultyS3;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchRunnerTest {
  static S3ProxyServer server;
  static S3ProxyServer other;
  static S3Panel panel;
  static S3Account account;
  static ObjectOperations objects;
  static ConnectionCache cache;
  static OwnedConnection connection;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    server = S3ProxyServer.start().bucket("src").bucket("dst");
    other = S3ProxyServer.start().bucket("far");
    panel = Panels.builder().transferSettings(ObjectOperationsTest.SMALL).build();
    account = panel.open(Panels.credentials(server));
    objects = account.objects();
    cache = ConnectionCache.create(Panels.testSettings());
    connection = cache.open(Panels.credentials(server));
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    connection.close();
    cache.close();
    account.close();
    panel.close();
    other.close();
    server.close();
  }

  static List<String> keys(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("%sobj-%04d", prefix, i)).collect(Collectors.toList());
  }

  static long bytes(List<String> keys) {
    return keys.stream().mapToLong(k -> k.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  static List<String> under(S3ProxyServer s, String bucket, String prefix) {
    return ObjectOperationsTest.keysUnder(s, bucket, prefix);
  }

  static ObjectOperations over(FaultyS3 faulty) {
    return new DefaultObjectOperations(Panels.faulty(connection, faulty), pool, ObjectOperationsTest.SMALL);
  }

  @Test
  void delete_prefixOf1500AndNamedKeys_oneDeleteObjectsCallPer1000_deletesAll_reportsBytes() {
    List<String> many = keys("del/many/", 1500);
    server.putAll("src", many);
    List<String> named = List.of("del/named/one", "del/named/two");
    server.putAll("src", named);
    FaultyS3 counting = FaultyS3.wrap(connection.s3());
    List<BatchProgress> seen = new CopyOnWriteArrayList<>();
    BatchResult r = over(counting).runBatch(BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src")
            .keys(named).prefixes(List.of("del/many/"))),
        BatchOptions.builder().listener(new BatchListener() {
          @Override
          public void onProgress(BatchProgress p) {
            seen.add(p);
          }
        }).build());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
    assertThat(r.objectsDone()).isEqualTo(1502);
    assertThat(r.bytesDone()).isEqualTo(bytes(many)); // named keys' sizes are not looked up
    assertThat(r.objectsFailed()).isZero();
    assertThat(counting.calls("deleteObjects")).isEqualTo(1 + 2);
    assertThat(under(server, "src", "del/")).isEmpty();
    assertThat(seen).last().isEqualTo(r.progress());
    assertThat(seen).extracting(BatchProgress::objectsDone).isSorted();
  }

  @Test
  void delete_someKeysDenied_namesEachFailure_andNothingReportedDeletedStillExists() {
    List<String> all = keys("deny/", 30);
    server.putAll("src", all);
    Set<String> denied = Set.of(all.get(3), all.get(17), all.get(29));
    FaultyS3 faulty = FaultyS3.wrap(connection.s3());
    denied.forEach(faulty::denyDeleteOf);
    BatchResult r = over(faulty).runBatch(BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src")
        .prefixes(List.of("deny/"))), BatchOptions.defaults());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
    assertThat(r.objectsDone()).isEqualTo(27);
    assertThat(r.objectsFailed()).isEqualTo(3);
    assertThat(r.failures()).extracting(KeyFailure::key).containsExactlyInAnyOrderElementsOf(denied);
    assertThat(r.failures()).allSatisfy(f -> assertThat(f.code()).isEqualTo(ErrorCode.AWS_ACCESS_DENIED));
    assertThat(under(server, "src", "deny/")).containsExactlyInAnyOrderElementsOf(denied);
  }

  @Test
  void delete_s3FailsMidway_stopsWithWhatWasDone_andNamesEveryKeyOfTheFailedCall() {
    List<String> named = keys("mid/named/", 10);
    List<String> listed = keys("mid/listed/", 10);
    server.putAll("src", named);
    server.putAll("src", listed);
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).failAfter("deleteObjects", 1, FaultyS3.internalError());
    BatchResult r = over(faulty).runBatch(BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src")
        .keys(named).prefixes(List.of("mid/listed/", "mid/never/"))), BatchOptions.defaults());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.STOPPED);
    assertThat(r.stoppedBy()).isNotNull();
    assertThat(r.stoppedBy().code()).isEqualTo(ErrorCode.AWS_UNREACHABLE);
    assertThat(r.objectsDone()).isEqualTo(10);
    assertThat(r.objectsFailed()).isEqualTo(10);
    assertThat(r.failures()).extracting(KeyFailure::key).containsExactlyElementsOf(listed);
    assertThat(under(server, "src", "mid/named/")).isEmpty();
    assertThat(under(server, "src", "mid/listed/")).containsExactlyElementsOf(listed);
    assertThat(faulty.calls("deleteObjects")).isEqualTo(2); // the second prefix was never started
  }

  @Test
  void copy_namingRules_prefixKeepsItsPathBelow_namedKeyKeepsItsLastSegment() {
    server.putAll("src", List.of("tree/a/b/c/d.txt", "tree/a/b/e.txt", "tree/loose/f.txt", "tree/a/bx.txt"));
    objects.createFolder("src", "tree/a/b/");
    BatchResult r = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.COPY).bucket("src")
        .keys(List.of("tree/loose/f.txt", "tree/a/b/")).prefixes(List.of("tree/a/b/")).destination(null, "dst", "x/")),
        BatchOptions.defaults());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
    assertThat(r.objectsFailed()).isZero();
    assertThat(r.objectsDone()).isEqualTo(5);
    assertThat(under(server, "dst", "x/")).containsExactlyInAnyOrder("x/", "x/c/d.txt", "x/e.txt", "x/f.txt", "x/b/");
    assertThat(under(server, "src", "tree/")).hasSize(5); // a copy keeps its sources
    assertThat(r.bytesDone()).isEqualTo(bytes(List.of("tree/a/b/c/d.txt", "tree/a/b/e.txt", "tree/loose/f.txt")));
  }

  @Test
  void move_renamesAFolder() {
    server.putAll("src", List.of("ren/a/b/", "ren/a/b/1.txt", "ren/a/b/sub/2.txt", "ren/a/bystander.txt"));
    BatchResult r = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.MOVE).bucket("src")
        .prefixes(List.of("ren/a/b/")).destination(null, null, "ren/a/z/")), BatchOptions.defaults());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
    assertThat(r.objectsDone()).isEqualTo(3);
    assertThat(under(server, "src", "ren/")).containsExactlyInAnyOrder("ren/a/z/", "ren/a/z/1.txt", "ren/a/z/sub/2.txt",
        "ren/a/bystander.txt");
  }

  @Test
  void move_whoseDeleteFails_keepsThatSourceAndNamesIt() {
    List<String> all = keys("stuck/", 6);
    server.putAll("src", all);
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).denyDeleteOf(all.get(2));
    BatchResult r = over(faulty).runBatch(BatchRequest.of(b -> b.action(BatchAction.MOVE).bucket("src")
        .prefixes(List.of("stuck/")).destination(null, "dst", "unstuck/")), BatchOptions.defaults());
    assertThat(r.objectsDone()).isEqualTo(5);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(all.get(2));
      assertThat(f.message()).contains("kept");
    });
    assertThat(under(server, "src", "stuck/")).containsExactly(all.get(2));
    assertThat(under(server, "dst", "unstuck/")).hasSize(6);
  }

  @Test
  void copyOrMove_destinationInsideASourcePrefix_isRefusedBeforeAnythingHappens() {
    assertThatThrownBy(() -> objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.MOVE).bucket("src")
        .prefixes(List.of("loop/")).destination(null, "src", "loop/deeper/")), BatchOptions.defaults()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fieldErrors()).containsKey("destinationPrefix"));
    assertThatThrownBy(() -> BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src").keys(keys("k", 10_001))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("keys"));
    assertThatThrownBy(() -> BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src").prefixes(List.of("no-slash"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("prefixes"));
  }

  @Test
  void cancel_midBatch_stopsWithinASecond_andNothingIsWrittenAfter() throws Exception {
    List<String> all = keys("slow/", 40);
    server.putAll("src", all);
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).delay("copyObject", 150);
    Cancellation stop = new Cancellation();
    AtomicLong cancelledAt = new AtomicLong();
    BatchResult r = over(faulty).runBatch(BatchRequest.of(b -> b.action(BatchAction.COPY).bucket("src")
            .prefixes(List.of("slow/")).destination(null, "dst", "slow-copy/")),
        BatchOptions.builder().cancellation(stop).listener(new BatchListener() {
          @Override
          public void onProgress(BatchProgress p) {
            if (p.objectsDone() >= 5 && cancelledAt.get() == 0) {
              cancelledAt.set(System.nanoTime());
              stop.cancel();
            }
          }
        }).build());
    long tookMillis = (System.nanoTime() - cancelledAt.get()) / 1_000_000;
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.CANCELLED);
    assertThat(tookMillis).isLessThan(1000);
    assertThat(r.objectsDone()).isEqualTo(5);
    int written = under(server, "dst", "slow-copy/").size();
    assertThat(written).isEqualTo(5);
    Thread.sleep(500);
    assertThat(under(server, "dst", "slow-copy/")).hasSize(written);
    assertThat(faulty.calls("copyObject")).isEqualTo(5);
  }

  @Test
  void cancel_beforeTheStart_writesNothing() {
    server.putAll("src", keys("untouched/", 3));
    Cancellation stop = new Cancellation();
    stop.cancel();
    BatchResult r = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket("src")
        .prefixes(List.of("untouched/"))), BatchOptions.builder().cancellation(stop).build());
    assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.CANCELLED);
    assertThat(r.objectsDone()).isZero();
    assertThat(under(server, "src", "untouched/")).hasSize(3);
  }

  @Test
  void copyAndMove_acrossSets_streamToAnotherServer() throws Exception {
    List<String> all = keys("travel/", 12);
    server.putAll("src", all);
    objects.upload(b -> b.bucket("src").key("travel/big.bin"),
        new ObjectOperationsTest.Generated(5, ObjectOperationsTest.PART + 10));
    try (S3Account far = panel.open(Panels.credentials(other))) {
      BatchResult copied = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.COPY).bucket("src")
          .prefixes(List.of("travel/")).destination(far.objects(), "far", "arrived/")), BatchOptions.defaults());
      assertThat(copied.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
      assertThat(copied.objectsDone()).isEqualTo(13);
      assertThat(copied.bytesDone()).isEqualTo(bytes(all) + ObjectOperationsTest.PART + 10);
      assertThat(under(other, "far", "arrived/")).hasSize(13);
      try (Download d = far.objects().download(b -> b.bucket("far").key("arrived/big.bin"))) {
        assertThat(ObjectOperationsTest.sha256(d.body()))
            .isEqualTo(ObjectOperationsTest.sha256(new ObjectOperationsTest.Generated(5, ObjectOperationsTest.PART + 10)));
      }
      BatchResult moved = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.MOVE).bucket("src")
          .keys(List.of(all.get(0), all.get(1))).destination(far.objects(), "far", "moved/")), BatchOptions.defaults());
      assertThat(moved.objectsDone()).isEqualTo(2);
      assertThat(under(other, "far", "moved/")).containsExactly("moved/obj-0000", "moved/obj-0001");
      assertThat(under(server, "src", "travel/")).hasSize(11);
    }
  }

  @Test
  void cancel_duringAStreamedCopy_abortsItsUploadAndWritesNothing() {
    objects.upload(b -> b.bucket("src").key("stream/huge.bin"),
        new ObjectOperationsTest.Generated(8, 3L * ObjectOperationsTest.PART));
    Cancellation stop = new Cancellation();
    try (S3Account far = panel.open(Panels.credentials(other))) {
      OwnedConnection farConnection = cache.open(Panels.credentials(other));
      FaultyS3 slowParts = FaultyS3.wrap(farConnection.s3()).delay("uploadPart", 300);
      ObjectOperations farSlow = new DefaultObjectOperations(Panels.faulty(farConnection, slowParts), pool,
          ObjectOperationsTest.SMALL);
      Thread canceller = new Thread(() -> {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
        stop.cancel();
      });
      canceller.start();
      long started = System.nanoTime();
      BatchResult r = objects.runBatch(BatchRequest.of(b -> b.action(BatchAction.COPY).bucket("src")
          .keys(List.of("stream/huge.bin")).destination(farSlow, "far", "stream/")),
          BatchOptions.builder().cancellation(stop).build());
      assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.CANCELLED);
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
      assertThat(under(other, "far", "stream/")).isEmpty();
      assertThat(other.admin().listMultipartUploads(b -> b.bucket("far")).uploads()).isEmpty();
      assertThat(far.identifier()).isEmpty();
    }
  }
}
