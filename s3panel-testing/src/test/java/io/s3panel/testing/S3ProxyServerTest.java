package io.s3panel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The fixture is a real, signed S3 server: what one client puts another reads back, a wrong key is refused. */
class S3ProxyServerTest {

  static S3Client client(URI endpoint, String accessKeyId, String secret) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(S3ProxyServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .build();
  }

  @Test
  void start_seedWithTheFixture_readBackWithAnOrdinarySdkClient() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        S3Client sdk = client(s3.endpoint(), s3.accessKeyId(), s3.secretAccessKey())) {
      s3.bucket("photos").put("photos", "2024/été/plage ☀.jpg", "sun");

      assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(s3.endpoint().getPort()).isPositive();
      assertThat(sdk.getObjectAsBytes(b -> b.bucket("photos").key("2024/été/plage ☀.jpg")).asUtf8String())
          .isEqualTo("sun");

      sdk.putObject(b -> b.bucket("photos").key("from-the-sdk.txt"), RequestBody.fromString("hello"));
      assertThat(s3.admin().getObjectAsBytes(b -> b.bucket("photos").key("from-the-sdk.txt")).asUtf8String())
          .isEqualTo("hello");
      assertThatThrownBy(() -> sdk.getObject(b -> b.bucket("photos").key("missing"))).isInstanceOf(NoSuchKeyException.class);
    }
  }

  @Test
  void wrongSecret_isRefusedWithS3sSignatureError() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        S3Client wrong = client(s3.endpoint(), s3.accessKeyId(), "not-the-secret-at-all")) {
      assertThatThrownBy(wrong::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
      });
    }
  }

  @Test
  void builder_chosenKeyPair_isTheOneAccepted_andToStringHidesTheSecret() {
    try (S3ProxyServer s3 = S3ProxyServer.builder().accessKeyId("AKIACHOSEN0000000001")
        .secretAccessKey("chosen/secret+key").startTimeout(Duration.ofSeconds(30)).start();
        S3Client sdk = client(s3.endpoint(), "AKIACHOSEN0000000001", "chosen/secret+key")) {
      sdk.createBucket(b -> b.bucket("mine"));
      assertThat(s3.admin().listBuckets().buckets()).extracting(b -> b.name()).containsExactly("mine");
      assertThat(s3.toString()).contains("AKIACHOSEN0000000001").doesNotContain("chosen/secret+key");
    }
  }

  @Test
  void twoServers_areTwoAccounts_withTheirOwnKeysAndData() {
    try (S3ProxyServer a = S3ProxyServer.start(); S3ProxyServer b = S3ProxyServer.start()) {
      a.bucket("only-in-a");
      assertThat(a.endpoint()).isNotEqualTo(b.endpoint());
      assertThat(a.accessKeyId()).isNotEqualTo(b.accessKeyId());
      assertThat(a.secretAccessKey()).isNotEqualTo(b.secretAccessKey());
      assertThat(b.admin().listBuckets().buckets()).isEmpty();
    }
  }

  @Test
  void putAll_storesEveryKeyWithItselfAsBody() {
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      List<String> keys = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "k/" + i).toList();
      s3.bucket("many").putAll("many", keys);
      List<S3Object> listed = s3.admin().listObjectsV2Paginator(b -> b.bucket("many")).contents().stream().toList();
      assertThat(listed).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(keys);
      assertThat(s3.admin().getObjectAsBytes(b -> b.bucket("many").key("k/7")).asUtf8String()).isEqualTo("k/7");
    }
  }

  @Test
  void afterClose_theEndpointNoLongerAnswers() {
    S3ProxyServer s3 = S3ProxyServer.start();
    URI endpoint = s3.endpoint();
    String id = s3.accessKeyId();
    String secret = s3.secretAccessKey();
    s3.close();
    try (S3Client sdk = client(endpoint, id, secret)) {
      assertThatThrownBy(sdk::listBuckets).isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }
  }

  @Test
  void builder_blankKeys_areRefusedByName() {
    assertThatThrownBy(() -> S3ProxyServer.builder().accessKeyId(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessKeyId");
    assertThatThrownBy(() -> S3ProxyServer.builder().secretAccessKey(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretAccessKey");
    assertThatThrownBy(() -> S3ProxyServer.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
  }
}
