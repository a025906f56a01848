package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.CredentialHealth;
import io.s3panel.core.exposure.ExposureChecks;
import io.s3panel.core.exposure.ExposureListener;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureProgress;
import io.s3panel.core.exposure.ExposureReport;
import io.s3panel.core.exposure.ObjectExposure;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.core.exposure.PublicAccessBlock;
import io.s3panel.core.exposure.SetExposure;
import io.s3panel.core.exposure.Verdict;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.testing.FaultyS3;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

class ExposureReportTest {
  /** The three public objects of bucket "mixed", among 500 private ones in key order obj-000 … obj-499. */
  static final List<String> PUBLIC_KEYS = List.of("obj-017", "obj-250", "obj-499");

  static S3ProxyServer server;
  static S3ProxyServer other;
  static S3Panel panel;
  static ConnectionCache cache;
  static OwnedConnection connection;
  static ExecutorService pool;

  @BeforeAll
  static void seed() {
    server = S3ProxyServer.start().bucket("open-site").bucket("mixed").bucket("closed");
    server.admin().putBucketAcl(b -> b.bucket("open-site").acl(BucketCannedACL.PUBLIC_READ));
    server.put("open-site", "index.html", "<h1>hi</h1>");
    server.putAll("mixed", IntStream.range(0, 500).mapToObj(i -> String.format("obj-%03d", i))
        .filter(k -> !PUBLIC_KEYS.contains(k)).collect(Collectors.toList()));
    for (String k : PUBLIC_KEYS) {
      server.admin().putObject(b -> b.bucket("mixed").key(k).acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString(k));
    }
    server.putAll("closed", List.of("a.txt", "b.txt", "c/d.txt"));
    other = S3ProxyServer.start().bucket("elsewhere");
    panel = Panels.create();
    panel.credentials().add("alice", "main", Panels.credentials(server));
    // A set that worked when it was stored and whose key the service no longer knows (revoked).
    CredentialSet revoked = Panels.credentials(other).toBuilder().accessKeyId("AKIAREVOKED000000000")
        .secretAccessKey("revoked/secret/key+000000000000000000000").build();
    Instant now = Instant.now();
    panel.store().create(panel.vault().seal(new CredentialRef("alice", "revoked"), revoked, now, now, 1));
    panel.credentials().add("alice", "other", Panels.credentials(other));
    cache = ConnectionCache.create(Panels.testSettings());
    connection = cache.open(Panels.credentials(server));
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    connection.close();
    cache.close();
    panel.close();
    other.close();
    server.close();
  }

  static Map<String, BucketExposure> byName(ExposureReport report) {
    return report.buckets().stream().collect(Collectors.toMap(BucketExposure::bucket, Function.identity()));
  }

  static ExposureChecks checks(FaultyS3 faulty) {
    return new DefaultExposureChecks(Panels.faulty(connection, faulty), pool, () -> { }, Clock.systemUTC());
  }

  @Test
  void allObjects_verdictsAndReasons_publicBucketMixedBucketPrivateBucket_withProgressToTheEnd() {
    List<ExposureProgress> seen = new CopyOnWriteArrayList<>();
    List<String> bucketsDone = new CopyOnWriteArrayList<>();
    ExposureListener listener = new ExposureListener() {
      @Override
      public void onProgress(ExposureProgress p) {
        seen.add(p);
      }

      @Override
      public void onBucketDone(BucketExposure b) {
        bucketsDone.add(b.bucket());
      }
    };
    ExposureReport report = panel.account("alice", "main").exposure()
        .report(o -> o.objects(ObjectMode.ALL).listener(listener));
    assertThat(bucketsDone).containsExactlyInAnyOrder("closed", "mixed", "open-site");
    assertThat(seen.get(0)).isEqualTo(new ExposureProgress(0, 3, 0));
    assertThat(seen).contains(new ExposureProgress(3, 3, 504));
    assertThat(seen).filteredOn(p -> p.objectsChecked() > 0 && p.objectsChecked() < 500).isNotEmpty();
    assertThat(report.buckets()).extracting(BucketExposure::bucket).containsExactly("closed", "mixed", "open-site");
    Map<String, BucketExposure> b = byName(report);

    BucketExposure open = b.get("open-site");
    assertThat(open.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(open.reasons()).contains("READ for AllUsers in the bucket ACL");
    assertThat(open.aclPublicGrants().value()).extracting(Grant::permission).containsExactly("READ");
    assertThat(open.error()).isNull();

    BucketExposure mixed = b.get("mixed");
    assertThat(mixed.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(mixed.aclPublicGrants().value()).isEmpty();
    ObjectExposure objects = mixed.objects().value();
    assertThat(objects.checked()).isEqualTo(500);
    assertThat(objects.publicCount()).isEqualTo(3);
    assertThat(objects.examples()).containsExactlyElementsOf(PUBLIC_KEYS);
    assertThat(objects.complete()).isTrue();
    assertThat(objects.unreadable()).isZero();
    assertThat(mixed.reasons()).contains("3 of 500 checked objects are public-read");

    BucketExposure closed = b.get("closed");
    assertThat(closed.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
    assertThat(closed.aclPublicGrants().value()).isEmpty();
    assertThat(closed.objects().value().checked()).isEqualTo(3);
    assertThat(closed.objects().value().publicCount()).isZero();
    assertThat(closed.objects().value().examples()).isEmpty();
    assertThat(report.withVerdict(Verdict.PUBLIC)).extracting(BucketExposure::bucket)
        .containsExactly("mixed", "open-site");
  }

  @Test
  void callsS3ProxyDoesNotImplement_areNullWithAReason_andTheReportCompletes() {
    ExposureReport report = panel.account("alice", "main").exposure().report(o -> o.objects(ObjectMode.NONE));
    assertThat(report.buckets()).hasSize(3).allSatisfy(b -> {
      // S3Proxy answers GetBucketPolicyStatus and GetPublicAccessBlock with 501 NotImplemented.
      assertThat(b.policyIsPublic().value()).isNull();
      assertThat(b.policyIsPublic().unavailableReason())
          .isEqualTo("The endpoint does not implement reading the bucket policy status (NotImplemented).");
      assertThat(b.publicAccessBlock().value()).isNull();
      assertThat(b.publicAccessBlock().unavailableReason()).contains("does not implement").contains("public access block");
      assertThat(b.objects().available()).isFalse();
      assertThat(b.objects().unavailableReason()).contains("objects: none");
      assertThat(b.reasons()).contains(b.policyIsPublic().unavailableReason(), b.publicAccessBlock().unavailableReason());
    });
    assertThat(report.accountPublicAccessBlock().value()).isNull();
    assertThat(report.accountPublicAccessBlock().unavailableReason()).contains("not AWS");
    // Without object ACLs the mixed bucket's public objects are not seen; the ACL alone says not public.
    assertThat(byName(report).get("mixed").verdict()).isEqualTo(Verdict.NOT_PUBLIC);
    assertThat(byName(report).get("open-site").verdict()).isEqualTo(Verdict.PUBLIC);
  }

  @Test
  void sample_countsOnlyTheFirstObjects_andSaysSampled() {
    ExposureReport small = panel.account("alice", "main").exposure().report(o -> o.sampleSize(250));
    ObjectExposure mixed = byName(small).get("mixed").objects().value();
    assertThat(mixed.mode()).isEqualTo(ObjectMode.SAMPLE);
    assertThat(mixed.checked()).isEqualTo(250);
    assertThat(mixed.publicCount()).isEqualTo(1); // obj-017; obj-250 is the 251st key
    assertThat(mixed.examples()).containsExactly("obj-017");
    assertThat(mixed.complete()).isFalse();
    assertThat(byName(small).get("mixed").reasons()).contains("1 of 250 sampled objects is public-read");
    ObjectExposure closed = byName(small).get("closed").objects().value();
    assertThat(closed.checked()).isEqualTo(3);
    assertThat(closed.complete()).isTrue();
    assertThat(ExposureOptions.defaults().sampleSize()).isEqualTo(1000);
    assertThat(ExposureOptions.defaults().objects()).isEqualTo(ObjectMode.SAMPLE);
  }

  @Test
  void objectAclDenied_isCountedUnreadable_andDoesNotFailTheReport() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).denyAclOf("obj-250").denyAclOf("a.txt");
    BucketExposure mixed = checks(faulty).bucket("mixed", ExposureOptions.of(o -> o.sampleSize(300)));
    assertThat(mixed.objects().value().checked()).isEqualTo(299);
    assertThat(mixed.objects().value().unreadable()).isEqualTo(1);
    assertThat(mixed.objects().value().examples()).containsExactly("obj-017");
    assertThat(mixed.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(mixed.reasons()).contains("1 of 299 sampled objects is public-read",
        "The ACL of 1 object could not be read");
  }

  @Test
  void bucketAclDenied_withNothingElseReadable_isUnknown() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).failCall("getBucketAcl", FaultyS3.s3Error(403, "AccessDenied"));
    BucketExposure open = checks(faulty).bucket("open-site", ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
    assertThat(open.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(open.aclPublicGrants().unavailableReason()).isEqualTo("Not allowed to read the bucket ACL of this bucket.");
    assertThat(open.reasons()).first().isEqualTo("Nothing about this bucket could be read");
    // With object ACLs readable the same bucket is no longer unknown.
    BucketExposure withObjects = checks(faulty).bucket("closed", ExposureOptions.defaults());
    assertThat(withObjects.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
  }

  @Test
  void policyStatusAndPublicAccessBlock_whenTheEndpointHasThem_areUsedAndMitigate() {
    // S3Proxy lacks both calls; an endpoint answering "no configuration" or "not allowed" is mapped too.
    FaultyS3 faulty = FaultyS3.wrap(connection.s3())
        .failCall("getPublicAccessBlock", FaultyS3.s3Error(404, "NoSuchPublicAccessBlockConfiguration"))
        .failCall("getBucketPolicyStatus", FaultyS3.s3Error(403, "AccessDenied"));
    BucketExposure open = checks(faulty).bucket("open-site", ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
    assertThat(open.publicAccessBlock().value()).isEqualTo(PublicAccessBlock.NONE);
    assertThat(open.policyIsPublic().unavailableReason())
        .isEqualTo("Not allowed to read the bucket policy status of this bucket.");
    assertThat(open.verdict()).isEqualTo(Verdict.PUBLIC);

    // An answer the SDK cannot read (the endpoint speaks something else for this call) is unavailable too.
    FaultyS3 garbled = FaultyS3.wrap(connection.s3())
        .failCall("getBucketPolicyStatus", SdkClientException.create("Unable to unmarshall response"));
    BucketExposure closed = checks(garbled).bucket("closed", ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
    assertThat(closed.policyIsPublic().unavailableReason())
        .isEqualTo("The endpoint gave an unreadable answer when reading the bucket policy status.");
    assertThat(closed.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
  }

  @Test
  void accountWideFailureInASubCheck_failsTheReport() {
    FaultyS3 badKeys = FaultyS3.wrap(connection.s3())
        .failCall("getBucketPolicyStatus", FaultyS3.s3Error(403, "InvalidAccessKeyId"));
    assertThatThrownBy(() -> checks(badKeys).report(ExposureOptions.defaults()))
        .isInstanceOf(InvalidCredentialsException.class);
    FaultyS3 down = FaultyS3.wrap(connection.s3()).failEveryAclWith(
        SdkClientException.create("down", new java.net.ConnectException("Connection refused")));
    assertThatThrownBy(() -> checks(down).report(o -> o.objects(ObjectMode.ALL)))
        .isInstanceOf(S3UnreachableException.class);
  }

  @Test
  void cancelledMidReport_stopsWithCancelled_beforeReadingEveryAcl() {
    FaultyS3 slow = FaultyS3.wrap(connection.s3()).aclDelay(10);
    Cancellation stop = new Cancellation();
    List<ExposureProgress> seen = new CopyOnWriteArrayList<>();
    ExposureListener listener = new ExposureListener() {
      @Override
      public void onProgress(ExposureProgress p) {
        seen.add(p);
        if (p.objectsChecked() >= 40) {
          stop.cancel();
        }
      }
    };
    assertThatThrownBy(() -> checks(slow).report(o -> o.objects(ObjectMode.ALL).aclConcurrency(4)
        .bucketConcurrency(1).listener(listener).cancellation(stop)))
        .isInstanceOf(OperationCancelledException.class)
        .satisfies(e -> assertThat(((OperationCancelledException) e).code()).isEqualTo(ErrorCode.CANCELLED));
    // Cancelled at the progress report after 100 ACLs: the workers in flight finish, nobody starts more.
    assertThat(slow.aclCalls()).isBetween(100, 110);
    assertThat(seen.get(0)).isEqualTo(new ExposureProgress(0, 3, 0));
    assertThat(seen).noneMatch(p -> p.bucketsDone() == 3);
  }

  @Test
  void objectAclLookups_runConcurrently_boundedByAclConcurrency() {
    FaultyS3 slow = FaultyS3.wrap(connection.s3()).aclDelay(10);
    BucketExposure mixed = checks(slow).bucket("mixed", ExposureOptions.of(o -> o.sampleSize(120).aclConcurrency(6)));
    assertThat(mixed.objects().value().publicCount()).isEqualTo(1);
    assertThat(slow.aclCalls()).isEqualTo(120);
    assertThat(slow.maxConcurrentAclCalls()).isGreaterThan(1).isLessThanOrEqualTo(6);

    FaultyS3 one = FaultyS3.wrap(connection.s3()).aclDelay(2);
    checks(one).bucket("closed", ExposureOptions.of(o -> o.objects(ObjectMode.ALL).aclConcurrency(1)));
    assertThat(one.maxConcurrentAclCalls()).isEqualTo(1);
  }

  @Test
  void options_badValues_areRejectedByField() {
    assertThatThrownBy(() -> ExposureOptions.of(o -> o.objects(null).sampleSize(0).aclConcurrency(999)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors())
            .containsOnlyKeys("objects", "sampleSize", "aclConcurrency"));
    assertThat(ObjectMode.parse("ALL")).isEqualTo(ObjectMode.ALL);
    assertThat(ObjectMode.parse("some")).isNull();
  }

  @Test
  void twoSets_oneRevoked_healthOkAndFailing_andTheFailingSetDoesNotFailTheOthersReport() {
    S3Account main = panel.account("alice", "main");
    S3Account revoked = panel.account("alice", "revoked");
    CredentialHealth good = main.exposure().health();
    CredentialHealth bad = revoked.exposure().health();

    assertThat(good.ok()).isTrue();
    assertThat(good.code()).isNull();
    assertThat(good.buckets()).isEqualTo(3);
    assertThat(good.latencyMillis()).isGreaterThanOrEqualTo(0);
    assertThat(good.checkedAt()).isNotNull();
    assertThat(good.keyAgeDays()).isNull();
    assertThat(good.lastUsed()).isNull();
    assertThat(good.keyInfoNote()).contains("not AWS");

    assertThat(bad.ok()).isFalse();
    assertThat(bad.code()).isEqualTo(ErrorCode.AWS_INVALID_CREDENTIALS);
    assertThat(bad.code().code()).isEqualTo("aws_invalid_credentials");
    assertThat(bad.message()).doesNotContain("revoked/secret").doesNotContain("AKIAREVOKED000000000");
    assertThat(bad.buckets()).isNull();

    assertThatThrownBy(() -> revoked.exposure().report(ExposureOptions.defaults()))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(main.exposure().report(o -> o.objects(ObjectMode.NONE)).buckets()).hasSize(3);
    assertThat(panel.account("alice", "other").exposure().health().buckets()).isEqualTo(1);
  }

  @Test
  void everySetOfAnOwner_failingSetListedWithItsCode_othersReported_progressSummed() {
    List<ExposureProgress> seen = new CopyOnWriteArrayList<>();
    ExposureListener listener = new ExposureListener() {
      @Override
      public void onProgress(ExposureProgress p) {
        seen.add(p);
      }
    };
    List<SetExposure> sets = panel.exposure("alice", null, ExposureOptions.of(o -> o.objects(ObjectMode.NONE)
        .listener(listener)));
    Map<String, SetExposure> byId = sets.stream().collect(Collectors.toMap(SetExposure::identifier, Function.identity()));
    assertThat(byId).containsOnlyKeys("main", "revoked", "other");
    assertThat(byId.get("main").ok()).isTrue();
    assertThat(byId.get("main").report().buckets()).hasSize(3);
    assertThat(byId.get("other").report().buckets()).extracting(BucketExposure::bucket).containsExactly("elsewhere");
    assertThat(byId.get("revoked").ok()).isFalse();
    assertThat(byId.get("revoked").report()).isNull();
    assertThat(byId.get("revoked").error()).isEqualTo(ErrorCode.AWS_INVALID_CREDENTIALS);
    assertThat(byId.get("revoked").reason()).doesNotContain("AKIAREVOKED000000000");
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new ExposureProgress(4, 4, 0));

    assertThat(panel.exposure("alice", "other", ExposureOptions.of(o -> o.objects(ObjectMode.NONE))))
        .extracting(SetExposure::identifier).containsExactly("other");
    assertThatThrownBy(() -> panel.exposure("alice", "nope", ExposureOptions.defaults()))
        .isInstanceOf(io.s3panel.core.NotFoundException.class);
    assertThatThrownBy(() -> panel.exposure("bob", "main", ExposureOptions.defaults()))
        .isInstanceOf(io.s3panel.core.NotFoundException.class);
    Cancellation stopped = new Cancellation();
    stopped.cancel();
    assertThatThrownBy(() -> panel.exposure("alice", null, ExposureOptions.of(o -> o.cancellation(stopped))))
        .isInstanceOf(OperationCancelledException.class);
  }

  @Test
  void closingAnAccountOfThePanel_leavesTheCachedClientOpen() {
    panel.account("alice", "other").close();
    assertThat(panel.account("alice", "other").listBuckets(false)).hasSize(1);
  }

  @Test
  void unreachableCustomEndpoint_healthFailsWithTheOneNotS3Answer_neverThrows() {
    // The health check is the check made on add: for a custom endpoint every failure to answer as S3
    // (closed port, reset, timeout, not S3) is one answer, so it cannot be used to probe ports.
    CredentialSet gone = Panels.credentials(server).toBuilder().endpoint(java.net.URI.create("http://127.0.0.1:1")).build();
    try (S3Account account = panel.open(gone)) {
      CredentialHealth h = account.exposure().health();
      assertThat(h.ok()).isFalse();
      assertThat(h.code()).isEqualTo(ErrorCode.AWS_INVALID_CREDENTIALS);
      assertThat(h.message()).isEqualTo(io.s3panel.core.connect.ConnectionCache.NOT_S3);
    }
  }
}
