package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The core names the fields it validates as its builders do ({@code region}, {@code marker}, {@code key});
 * the API answers with the wire names the original client reads ({@code region_name}, {@code next_marker},
 * {@code object_key}). Each request here passes the server's own checks and is refused by the core's, so
 * the field name in the error body is the server's translation of the core's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireFieldNamesApiTest {
  /** Control characters pass the server's type checks and fail the core's key rules. */
  static final String CONTROL = "a\u0001b";
  /** The core's own names of the fields below; none may reach a client. */
  static final String CORE_NAMES = "accessKeyId|secretAccessKey|sessionToken|region|endpoint|marker|key|contentType"
      + "|destinationBucket|destinationKey|query|bucket|ifNoneMatch|destinationPrefix";

  S3ProxyServer s3;
  Api api;
  String token;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("wire").put("wire", "k.txt", "v");
    api = Api.start();
    token = api.registerAndLogin("wirenames").access();
    assertThat(api.post("/api/aws-credentials/add", token, set("main")).status()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    api.close();
    s3.close();
  }

  Map<String, Object> set(String identifier) {
    return new LinkedHashMap<>(obj("identifier", identifier, "aws_access_key_id", s3.accessKeyId(),
        "aws_secret_access_key", s3.secretAccessKey(), "region_name", "us-east-1",
        "endpoint_url", s3.endpoint().toString(), "path_style", true));
  }

  static String b64(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The 400's field names, checked to be wire names only: the message names them the same way. */
  static Map<String, Object> fields(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.map()).containsEntry("code", "validation_failed");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) r.map().get("fields");
    assertThat(fields.keySet()).noneMatch(Pattern.compile("^(?:" + CORE_NAMES + ")$").asPredicate());
    assertThat(r.map().get("error").toString()).doesNotContainPattern("(?:valid: |; )(?:" + CORE_NAMES + "):");
    return fields;
  }

  @Test
  void addingASet_reportsTheSetsFieldsUnderTheirWireNames() {
    Map<String, Object> bad = set("bad-set");
    bad.put("aws_access_key_id", "has space");
    bad.put("aws_session_token", "has space");
    bad.put("region_name", "Not A Region");
    bad.put("endpoint_url", "ftp://host.example");
    Api.Response r = api.post("/api/aws-credentials/add", token, bad);
    assertThat(fields(r)).containsOnlyKeys("aws_access_key_id", "aws_session_token", "region_name", "endpoint_url");
    assertThat(r.map().get("error").toString()).contains("region_name: ", "endpoint_url: ");
  }

  @Test
  void changingASet_reportsTheRegionAsRegionName() {
    assertThat(fields(api.put("/api/aws-credentials/main", token, obj("region_name", "Not A Region"))))
        .containsOnlyKeys("region_name");
  }

  @Test
  void aFolderPage_reportsTheMarkerAsNextMarker() {
    assertThat(fields(api.get("/api/buckets/wire/folders?aws_cred=main&next_marker=a%01b", token)))
        .containsOnlyKeys("next_marker");
  }

  @Test
  void objectDetailsAndPresign_reportTheKeyAsObjectKey() {
    assertThat(fields(api.get("/api/buckets/wire/objects/" + b64(CONTROL) + "?aws_cred=main", token)))
        .containsOnlyKeys("object_key");
    assertThat(fields(api.get("/api/buckets/wire/objects/" + b64(CONTROL) + "/permissions?aws_cred=main", token)))
        .containsOnlyKeys("object_key");
    assertThat(fields(api.post("/api/buckets/wire/objects/get_presigned_url?aws_cred=main", token,
        obj("object_key", CONTROL, "method", "PUT", "content_type", "not a media type"))))
        .containsOnlyKeys("object_key", "content_type");
  }

  @Test
  void aCopy_reportsTheDestinationUnderItsWireNames() {
    assertThat(fields(api.post("/api/buckets/wire/objects/" + b64("k.txt") + "/copy?aws_cred=main", token,
        obj("destination_bucket", "Not_A_Bucket", "destination_key", CONTROL))))
        .containsOnlyKeys("destination_bucket", "destination_key");
    assertThat(fields(api.post("/api/buckets/wire/objects/" + b64("k.txt") + "/copy?aws_cred=main", token,
        obj("destination_key", "k.txt"))))
        .containsOnlyKeys("destination_key");
  }

  @Test
  void aSearch_reportsTheQueryAsQ() {
    assertThat(fields(api.get("/api/buckets/wire/search?aws_cred=main&q=a%01b", token))).containsOnlyKeys("q");
  }

  @Test
  void aNewBucket_reportsItsNameAsBucketName() {
    assertThat(fields(api.post("/api/buckets?aws_cred=main", token, obj("bucket_name", "UPPER"))))
        .containsOnlyKeys("bucket_name");
  }

  @Test
  void anUpload_reportsTheConditionAsTheIfNoneMatchHeader() {
    Api.Response r = api.send("PUT", "/api/buckets/wire/objects/" + b64("new.txt") + "?aws_cred=main", token,
        "body", "text/plain", Map.of("If-None-Match", "\"some-etag\""));
    assertThat(fields(r)).containsOnlyKeys("If-None-Match");
  }

  @Test
  void aBatch_reportsTheDestinationUnderItsDottedNames() {
    Api.Response r = api.post("/api/buckets/wire/batch?aws_cred=main", token, obj("action", "copy",
        "keys", List.of("k.txt"), "destination", obj("aws_cred", "main", "bucket", "wire", "prefix", "no-slash")));
    assertThat(fields(r)).containsOnlyKeys("destination.prefix");
  }
}
