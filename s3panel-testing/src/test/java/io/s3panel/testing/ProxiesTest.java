package io.s3panel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The latency line, the wire-level fault proxy and the servers that are not S3. */
class ProxiesTest {

  static S3Client through(S3ProxyServer s3, URI endpoint) {
    return S3ProxyServerTest.client(endpoint, s3.accessKeyId(), s3.secretAccessKey());
  }

  @Test
  void latencyProxy_signedRequestsPassThrough_eachPaysAtLeastTheDelay() {
    try (S3ProxyServer s3 = S3ProxyServer.start(); LatencyProxy far = LatencyProxy.start(s3.endpoint(), 0);
        S3Client client = through(s3, far.endpoint())) {
      s3.bucket("bkt").put("bkt", "k", "v");
      assertThat(client.getObjectAsBytes(r -> r.bucket("bkt").key("k")).asUtf8String()).isEqualTo("v");
      long before = far.requests();

      far.delay(200);
      long start = System.nanoTime();
      client.headObject(r -> r.bucket("bkt").key("k"));
      long tookMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(tookMillis).as("a delay line never forwards early").isGreaterThanOrEqualTo(200);
      assertThat(far.requests() - before).isEqualTo(1);
      assertThat(far.connections()).isPositive();
    }
  }

  @Test
  void proxies_refuseATargetOffThisMachine() {
    assertThatThrownBy(() -> LatencyProxy.start(URI.create("http://10.0.0.1:9000"), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    assertThatThrownBy(() -> FaultProxy.start(URI.create("http://example.com:80"), ".*", "AccessDenied", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    assertThatThrownBy(() -> LatencyProxy.start(URI.create("http://127.0.0.1:9000"), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void faultProxy_matchingRequestsAfterTheAllowedOnes_get403WithTheCode_othersPass() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        FaultProxy deny = FaultProxy.start(s3.endpoint(), "DELETE .*", "AccessDenied", 1);
        S3Client client = through(s3, deny.endpoint())) {
      s3.bucket("bkt").put("bkt", "one", "1").put("bkt", "two", "2");

      client.deleteObject(r -> r.bucket("bkt").key("one"));
      assertThatThrownBy(() -> client.deleteObject(r -> r.bucket("bkt").key("two")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          });

      assertThat(deny.denied()).isEqualTo(1);
      assertThat(client.getObjectAsBytes(r -> r.bucket("bkt").key("two")).asUtf8String()).isEqualTo("2");
      assertThat(s3.admin().listObjectsV2(r -> r.bucket("bkt")).contents()).extracting(o -> o.key()).containsExactly("two");
    }
  }

  @Test
  void faultProxy_aclRequests_matchOnlyAclCalls() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        FaultProxy deny = FaultProxy.start(s3.endpoint(), FaultProxy.ACL_REQUESTS, "AccessDenied", 0);
        S3Client client = through(s3, deny.endpoint())) {
      s3.bucket("bkt").put("bkt", "k", "v");
      assertThatThrownBy(() -> client.getObjectAcl(r -> r.bucket("bkt").key("k"))).isInstanceOf(S3Exception.class);
      assertThatThrownBy(() -> client.getBucketAcl(r -> r.bucket("bkt"))).isInstanceOf(S3Exception.class);
      assertThat(client.getObjectAsBytes(r -> r.bucket("bkt").key("k")).asUtf8String()).isEqualTo("v");
      assertThat(deny.denied()).isEqualTo(2);
    }
  }

  @Test
  void errorServer_answersEveryRequestWithItsS3Error_andCountsThem() throws Exception {
    try (ErrorServer slow = ErrorServer.slowDown()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(slow.endpoint().resolve("/b/k")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("<Code>SlowDown</Code>");
      assertThat(slow.requests()).isEqualTo(1);
    }
  }

  @Test
  void silentServers_hangOrReset_theClientSeesAConnectionProblem() {
    try (SilentServer reset = SilentServer.resetting(); SilentServer hanging = SilentServer.hanging()) {
      for (SilentServer server : java.util.List.of(reset, hanging)) {
        try (S3Client client = S3Client.builder().endpointOverride(server.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
            .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2)).retryStrategy(s -> s.maxAttempts(1)))
            .build()) {
          assertThatThrownBy(client::listBuckets).isInstanceOf(SdkClientException.class);
        }
      }
    }
  }

  @Test
  void plainHttpServer_answersWithItsHandler_andRecordsRawRequestLines() throws Exception {
    try (PlainHttpServer web = PlainHttpServer.answering(PlainHttpServer.Answer.of(200, "text/html", "<html>hi</html>")
        .withHeader("X-Extra", "1"))) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(web.endpoint() + "/a%20b?x=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("<html>hi</html>");
      assertThat(r.headers().firstValue("X-Extra")).contains("1");
      assertThat(web.requestLines()).containsExactly("GET /a%20b?x=1");
    }
  }
}
