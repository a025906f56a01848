package io.s3panel.bench;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.objects.BatchAction;
import io.s3panel.core.objects.BatchOptions;
import io.s3panel.core.objects.BatchRequest;
import io.s3panel.core.objects.BatchResult;
import io.s3panel.core.objects.SearchPage;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 10's object benchmarks: deleting a prefix through the library's batch runner versus a bare SDK
 * loop (ListObjectsV2 + DeleteObjects 1,000 at a time), and searching keys with {@code objects().search}
 * walked to the end versus a bare ListObjectsV2 loop; both against the bench's in-memory listing endpoint
 * ({@link ListingS3}) in this JVM, which counts DeleteObjects calls.
 */
final class ObjectsBench {
  private static final String AK = "AKIABENCHOBJECTS0001";
  private static final String SK = "benchmark/secret+key/0000000000000000001";
  private final Report r;
  private final boolean smoke;

  ObjectsBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  /** The ratios against the goals: delete time ours/bare, our DeleteObjects calls, search rate ours/bare. */
  record Figures(double deleteTimeRatio, long ourDeleteCalls, double searchRateRatio) {}

  Figures run() {
    int deleteCount = smoke ? 2_500 : 10_000;
    int searchCount = smoke ? 3_000 : 100_000;
    int rounds = smoke ? 1 : 7;
    r.line("");
    r.line("## 9. Objects: delete a prefix, search keys, transfers (issue 10)");
    r.load("before");
    try (ListingS3 s3 = ListingS3.start(); S3Client bare = Sdk.client(s3.endpoint(), AK, SK, 8);
        S3Panel panel = S3Panel.builder().vault(Vault.create(Keysets.generate()))
            .endpointPolicy(EndpointPolicy.parse("127.0.0.1")).build();
        S3Account account = panel.open(CredentialSet.builder().accessKeyId(AK).secretAccessKey(SK)
            .region("us-east-1").endpoint(s3.endpoint()).pathStyle(true).build())) {
      r.line("- store: the bench's in-memory endpoint (ListingS3: ListObjectsV2 and DeleteObjects over sorted maps, "
          + "O(page) per request, counting DeleteObjects calls, in this JVM); S3Proxy's store re-walks the bucket on "
          + "every listing page, see BENCHMARKS.md");
      r.line("- ours: the library's `S3Panel.open(...).objects()` with default connection settings; bare: a plain SDK "
          + "S3Client (Apache HTTP, 8 connections); both in this JVM, the variants alternating within each round");

      // Delete: warm both paths once.
      s3.seed("del", "p/", deleteCount, 1000);
      bareDelete(bare, "del", "p/");
      s3.seed("del", "p/", deleteCount, 1000);
      ourDelete(account, "del", "p/", deleteCount);
      Samples bareDel = new Samples(rounds);
      Samples ourDel = new Samples(rounds);
      long bareCalls = 0;
      long ourCalls = 0;
      for (int i = 0; i < rounds; i++) {
        for (int which = 0; which < 2; which++) {
          boolean oursNow = (which == 0) == (i % 2 == 0);
          s3.seed("del", "p/", deleteCount, 1000);
          long calls0 = s3.deleteObjectsCalls();
          long t0 = System.nanoTime();
          if (oursNow) {
            ourDelete(account, "del", "p/", deleteCount);
          } else {
            bareDelete(bare, "del", "p/");
          }
          long took = System.nanoTime() - t0;
          long calls = s3.deleteObjectsCalls() - calls0;
          if (s3.count("del") != 0) {
            throw new IllegalStateException(s3.count("del") + " objects left after a delete");
          }
          if (oursNow) {
            ourDel.add(took);
            ourCalls = Math.max(ourCalls, calls);
          } else {
            bareDel.add(took);
            bareCalls = Math.max(bareCalls, calls);
          }
        }
      }
      double delRatio = ourDel.p50() / bareDel.p50();
      long callGoal = deleteCount / 1000 + 1;
      List<List<Object>> rows = new ArrayList<>();
      rows.add(List.of("delete prefix of " + deleteCount, "bare loop: ListObjectsV2 + DeleteObjects per page of 1000",
          bareDel.p50(), bareCalls, 1.0, ""));
      rows.add(List.of("delete prefix of " + deleteCount, "ours: `objects().runBatch(DELETE, prefix)`", ourDel.p50(),
          ourCalls, delRatio, (ourCalls <= callGoal ? "≤" + callGoal + " calls met" : "≤" + callGoal + " calls MISSED")
              + ", " + (delRatio <= 1.2 ? "≤1.2× met" : "≤1.2× MISSED")));
      r.f("- delete: median of %d rounds (each re-seeds the prefix, then deletes it; every object checked gone)", rounds);
      r.table(List.of("data", "what", "ms (p50)", "DeleteObjects calls", "× bare time", "goal"), rows);

      // Search: 'needle' "999" hits about one key in a thousand, so a page of 100 hits (the default) spans
      // most of the keys and the walk needs a few continuations.
      s3.seed("find", "s/", searchCount, 1000);
      s3.seed("find", "t/", 1000, 1000); // keys outside the prefix, after it
      long hits = 0;
      for (int i = 0; i < searchCount; i++) {
        hits += String.format("obj-%07d", i).contains("999") ? 1 : 0;
      }
      long expectedHits = hits;
      bareList(bare, "find", "s/");
      ourSearch(account, "find", "s/", expectedHits);
      Samples bareS = new Samples(rounds);
      Samples ourS = new Samples(rounds);
      for (int i = 0; i < rounds; i++) {
        for (int which = 0; which < 2; which++) {
          boolean oursNow = (which == 0) == (i % 2 == 0);
          long t0 = System.nanoTime();
          long seen = oursNow ? ourSearch(account, "find", "s/", expectedHits) : bareList(bare, "find", "s/");
          long took = System.nanoTime() - t0;
          if (seen != searchCount) {
            throw new IllegalStateException("walked " + seen + " keys, expected " + searchCount);
          }
          (oursNow ? ourS : bareS).add(took);
        }
      }
      double bareRate = searchCount / (bareS.p50() / 1e3);
      double ourRate = searchCount / (ourS.p50() / 1e3);
      double searchRatio = ourRate / bareRate;
      rows = new ArrayList<>();
      rows.add(List.of(searchCount + " keys under a prefix", "bare ListObjectsV2 loop, pages of 1000", bareS.p50(),
          bareRate, 1.0, ""));
      rows.add(List.of(searchCount + " keys under a prefix", "ours: `objects().search` (q=\"999\", 100 hits a call, "
          + "2 s budget) with continuations until exhausted", ourS.p50(), ourRate, searchRatio,
          searchRatio >= 0.9 ? "≥0.9× met" : "≥0.9× MISSED"));
      r.f("- search: median of %d rounds; every key under the prefix counted once by both", rounds);
      r.table(List.of("data", "what", "ms (p50)", "keys/s", "× bare rate", "goal"), rows);
      r.load("after");
      return new Figures(delRatio, ourCalls, searchRatio);
    }
  }

  /** The bare delete loop: list a page of 1000 under the prefix, delete those keys in one call, go on. */
  static void bareDelete(S3Client s3, String bucket, String prefix) {
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)
          .continuationToken(t));
      List<ObjectIdentifier> ids = new ArrayList<>(page.contents().size());
      for (S3Object o : page.contents()) {
        ids.add(ObjectIdentifier.builder().key(o.key()).build());
      }
      if (!ids.isEmpty()) {
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(false)));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  static void ourDelete(S3Account account, String bucket, String prefix, long expected) {
    BatchResult result = account.objects().runBatch(BatchRequest.of(b -> b.action(BatchAction.DELETE).bucket(bucket)
        .prefixes(List.of(prefix))), BatchOptions.defaults());
    if (result.outcome() != BatchResult.Outcome.COMPLETED || result.objectsDone() != expected) {
      throw new IllegalStateException("batch delete ended " + result.outcome() + " with " + result.objectsDone());
    }
  }

  /** The bare listing loop: ListObjectsV2 pages of 1000 under the prefix; returns the keys seen. */
  static long bareList(S3Client s3, String bucket, String prefix) {
    long count = 0;
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)
          .continuationToken(t));
      count += page.contents().size();
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return count;
  }

  /** Our search walked to the end; returns the keys it examined (checks the hits are the keys with "999"). */
  static long ourSearch(S3Account account, String bucket, String prefix, long expectedHits) {
    long scanned = 0;
    long hits = 0;
    String continuation = "";
    while (true) {
      String c = continuation;
      SearchPage page = account.objects().search(b -> b.bucket(bucket).prefix(prefix).query("999").continuation(c));
      scanned += page.scanned();
      hits += page.results().size();
      if (page.exhausted()) {
        break;
      }
      continuation = page.continuation();
    }
    if (hits != expectedHits) {
      throw new IllegalStateException("search found " + hits + " keys, expected " + expectedHits);
    }
    return scanned;
  }
}
