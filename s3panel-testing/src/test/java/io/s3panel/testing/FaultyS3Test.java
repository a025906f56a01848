package io.s3panel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Faults land where they were asked for and nowhere else; everything else reaches the real server. */
class FaultyS3Test {
  static S3ProxyServer s3;

  @BeforeAll
  static void start() {
    s3 = S3ProxyServer.start();
    s3.bucket("bkt").putAll("bkt", List.of("keep", "go-1", "go-2", "acl/ok", "acl/denied"));
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  static boolean exists(String key) {
    return s3.admin().listObjectsV2(b -> b.bucket("bkt").prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
  }

  @Test
  void noFault_callsReachTheRealServer_andAreCounted() {
    FaultyS3 faults = FaultyS3.wrap(s3.admin());
    S3Client client = faults.client();
    assertThat(client.getObjectAsBytes(b -> b.bucket("bkt").key("keep")).asUtf8String()).isEqualTo("keep");
    client.headObject(b -> b.bucket("bkt").key("keep"));
    client.headObject(b -> b.bucket("bkt").key("keep"));
    assertThat(faults.calls("getObjectAsBytes")).isEqualTo(1);
    assertThat(faults.calls("headObject")).isEqualTo(2);
    assertThat(faults.calls("putObject")).isZero();
  }

  @Test
  void failAfter_letsTheFirstNThrough_thenThrowsTheChosenError() {
    FaultyS3 faults = FaultyS3.wrap(s3.admin()).failAfter("headObject", 2, FaultyS3.internalError());
    S3Client client = faults.client();
    client.headObject(b -> b.bucket("bkt").key("keep"));
    client.headObject(b -> b.bucket("bkt").key("keep"));
    assertThatThrownBy(() -> client.headObject(b -> b.bucket("bkt").key("keep")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
        });
    assertThat(faults.calls("headObject")).isEqualTo(3);
    assertThat(client.getObjectAsBytes(b -> b.bucket("bkt").key("keep")).asUtf8String()).isEqualTo("keep");
  }

  @Test
  void failCall_failsEveryCallOfThatOperationOnly() {
    FaultyS3 faults = FaultyS3.wrap(s3.admin()).failCall("getBucketAcl", FaultyS3.s3Error(403, "AccessDenied"));
    assertThatThrownBy(() -> faults.client().getBucketAcl(b -> b.bucket("bkt")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(faults.client().listBuckets().buckets()).isNotEmpty();
  }

  @Test
  void denyDeleteOf_singleDeleteThrows_batchDeleteReportsTheKey_othersGo() {
    FaultyS3 faults = FaultyS3.wrap(s3.admin()).denyDeleteOf("keep");
    S3Client client = faults.client();
    assertThatThrownBy(() -> client.deleteObject(b -> b.bucket("bkt").key("keep")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));

    DeleteObjectsResponse r = client.deleteObjects(b -> b.bucket("bkt").delete(d -> d.objects(
        ObjectIdentifier.builder().key("go-1").build(), ObjectIdentifier.builder().key("keep").build(),
        ObjectIdentifier.builder().key("go-2").build())));

    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("keep");
      assertThat(e.code()).isEqualTo("AccessDenied");
    });
    assertThat(exists("keep")).isTrue();
    assertThat(exists("go-1")).isFalse();
    assertThat(exists("go-2")).isFalse();
  }

  @Test
  void acl_deniedKey_failingAccount_andConcurrencyCounted() throws Exception {
    FaultyS3 faults = FaultyS3.wrap(s3.admin()).denyAclOf("acl/denied").aclDelay(50);
    S3Client client = faults.client();
    assertThat(client.getObjectAcl(b -> b.bucket("bkt").key("acl/ok")).grants()).isNotEmpty();
    assertThatThrownBy(() -> client.getObjectAcl(b -> b.bucket("bkt").key("acl/denied")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> four = java.util.stream.IntStream.range(0, 4)
          .<Future<?>>mapToObj(i -> pool.submit(() -> client.getObjectAcl(b -> b.bucket("bkt").key("acl/ok"))))
          .toList();
      for (Future<?> f : four) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(faults.aclCalls()).isEqualTo(6);
    assertThat(faults.maxConcurrentAclCalls()).isBetween(1, 4);
    assertThat(faults.maxConcurrent("getObjectAcl")).isEqualTo(faults.maxConcurrentAclCalls());

    faults.failEveryAclWith(SdkClientException.create("down"));
    assertThatThrownBy(() -> client.getObjectAcl(b -> b.bucket("bkt").key("acl/ok"))).isInstanceOf(SdkClientException.class);
  }
}
