package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static io.s3panel.server.api.Api.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The whole documented flow over real HTTP against S3Proxy: the README's walk-through, endpoint by endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFlowTest {
  S3ProxyServer s3;
  List<String> walkKeys;
  Api api;
  Api.Tokens alice;

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyServer.start().bucket("romiles-s3").bucket("second")
        .put("romiles-s3", "media/LICENSE.txt", "MIT License")
        .put("romiles-s3", "media/a/one.jpg", "1")
        .put("romiles-s3", "media/b/two.jpg", "22")
        .put("romiles-s3", "media/x y+z%#?.txt", "odd")
        .put("romiles-s3", "top.txt", "top");
    walkKeys = java.util.stream.IntStream.range(0, 300)
        .mapToObj(i -> "walk/" + (char) ('a' + i % 7) + "/" + (i % 3 == 0 ? "deep/" : "") + "f" + i + ".bin")
        .collect(java.util.stream.Collectors.toList());
    s3.bucket("walk").putAll("walk", walkKeys);
    api = Api.start(databaseProperties());
    alice = api.registerAndLogin("alice");
    Api.Response added = api.post("/api/aws-credentials/add", alice.access(), credentials("romiles"));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    s3.close();
    dropDatabase();
  }

  /** The database to run against; H2 by default. */
  Map<String, Object> databaseProperties() throws Exception {
    return Map.of();
  }

  /** Drops what {@link #databaseProperties()} created. */
  void dropDatabase() throws Exception {}

  @Test
  void walkingEveryFolderThroughTheApi_matchesADirectS3Listing() {
    List<String> seenFiles = new java.util.ArrayList<>();
    java.util.Deque<String> folders = new java.util.ArrayDeque<>(List.of(""));
    while (!folders.isEmpty()) {
      String prefix = folders.pop();
      String marker = "";
      do {
        Api.Response r = api.get("/api/buckets/walk/folders/?aws_cred=romiles&include_grants=false&max_keys=7&prefix="
            + q(prefix) + "&next_marker=" + q(marker), alice.access());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Object> page = r.map();
        @SuppressWarnings("unchecked")
        List<String> sub = (List<String>) page.get("folders");
        folders.addAll(sub);
        files(page).forEach(f -> seenFiles.add((String) f.get("file")));
        marker = (String) page.get("next_marker");
      } while (!marker.isEmpty());
    }
    List<String> direct = s3.admin().listObjectsV2Paginator(b -> b.bucket("walk")).contents().stream()
        .map(software.amazon.awssdk.services.s3.model.S3Object::key).collect(java.util.stream.Collectors.toList());
    assertThat(direct).hasSize(300);
    assertThat(seenFiles).containsExactlyInAnyOrderElementsOf(direct);
  }

  Map<String, Object> credentials(String identifier) {
    return obj("identifier", identifier, "aws_access_key_id", s3.accessKeyId(),
        "aws_secret_access_key", s3.secretAccessKey(), "region_name", "us-east-1",
        "endpoint_url", s3.endpoint().toString(), "path_style", true);
  }

  @Test
  void credentials_areListedMasked_withAndWithoutTrailingSlash() {
    for (String path : List.of("/api/aws-credentials", "/api/aws-credentials/")) {
      Api.Response r = api.get(path, alice.access());
      assertThat(r.status()).as(path).isEqualTo(200);
      Map<String, Object> set = r.list().get(0);
      assertThat(set).containsEntry("identifier", "romiles").containsEntry("region_name", "us-east-1")
          .containsEntry("path_style", true).containsEntry("has_session_token", false);
      assertThat((String) set.get("aws_access_key_id")).startsWith(s3.accessKeyId().substring(0, 4)).contains("****");
      assertThat(r.body()).doesNotContain(s3.secretAccessKey()).doesNotContain(s3.accessKeyId());
    }
  }

  @Test
  void buckets_areListedWithGrants() {
    Api.Response r = api.get("/api/buckets/?aws_cred=romiles", alice.access());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.list()).extracting(m -> m.get("bucket_name")).containsExactly("romiles-s3", "second", "walk");
    assertThat(r.body()).contains("\"Permission\":\"FULL_CONTROL\"").contains("\"Grantee\"");
    assertThat(api.get("/api/buckets?aws_cred=romiles", alice.access()).status()).isEqualTo(200);
    assertThat(api.get("/api/buckets", alice.access()).status()).as("default set").isEqualTo(200);
  }

  @Test
  void bucketAcl_hasOwnerAndGrants() {
    Api.Response r = api.get("/api/buckets/romiles-s3/?aws_cred=romiles", alice.access());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.map()).containsKeys("Owner", "Grants");
  }

  @Test
  void folders_pageThroughAFolder_withMarkers() {
    Api.Response r = api.get("/api/buckets/romiles-s3/folders/?aws_cred=romiles&prefix=media/&max_keys=2",
        alice.access());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> page = r.map();
    // Keys sort by byte: "media/LICENSE.txt" < "media/a/" < "media/b/" < "media/x y+z%#?.txt".
    assertThat(page.get("folders")).isEqualTo(List.of("media/a/"));
    assertThat(files(page)).extracting(f -> f.get("file")).containsExactly("media/LICENSE.txt");
    assertThat(files(page).get(0)).containsKeys("grants", "size", "last_modified", "etag", "key_b64");
    assertThat(page.get("marker")).isEqualTo("");
    assertThat(page.get("next_marker")).isEqualTo("media/a/");
    Api.Response next = api.get("/api/buckets/romiles-s3/folders?aws_cred=romiles&prefix=media/&next_marker="
        + q("media/a/"), alice.access());
    Map<String, Object> second = next.map();
    assertThat(second.get("marker")).isEqualTo("media/a/");
    assertThat(second.get("next_marker")).isEqualTo("");
    assertThat(second.get("folders")).isEqualTo(List.of("media/b/"));
    assertThat(files(second)).extracting(f -> f.get("file")).containsExactly("media/x y+z%#?.txt");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> files(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("files");
  }

  @Test
  void objectPermissionsAndDetails_byBase64Key_withOrWithoutPadding() {
    String key = "media/x y+z%#?.txt";
    String padded = Base64.getUrlEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    for (String b64 : List.of(padded, unpadded)) {
      Api.Response perms = api.get("/api/buckets/romiles-s3/objects/" + b64 + "/permissions/?aws_cred=romiles",
          alice.access());
      assertThat(perms.status()).as(perms.body()).isEqualTo(200);
      assertThat(perms.map()).containsKey("object permissions");
      Api.Response details = api.get("/api/buckets/romiles-s3/objects/" + b64 + "/?aws_cred=romiles", alice.access());
      assertThat(details.status()).as(details.body()).isEqualTo(200);
      assertThat(details.map()).containsEntry("key", key).containsEntry("size", 3).containsKeys("etag", "grants",
          "metadata", "content_type", "last_modified");
    }
  }

  @Test
  void presignedUrl_downloadsTheObject() throws Exception {
    Api.Response r = api.post("/api/buckets/romiles-s3/objects/get_presigned_url?aws_cred=romiles", alice.access(),
        obj("object_key", "media/LICENSE.txt"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String url = r.string("presigned_url");
    HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("MIT License");
  }

  @Test
  void statistics_runInTheBackground_andReportTheResult() throws Exception {
    Api.Response started = api.get("/api/objects/metadata?aws_cred=romiles", alice.access());
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String taskId = started.string("task_id");
    Api.Response status = null;
    for (int i = 0; i < 100; i++) {
      status = api.get("/api/check_task_status/" + taskId + "/", alice.access());
      if (status.status() == 200) {
        break;
      }
      assertThat(status.status()).isEqualTo(202);
      Thread.sleep(100);
    }
    assertThat(status.status()).as(status.body()).isEqualTo(200);
    assertThat(status.map()).containsEntry("status", "completed");
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) status.map().get("result");
    assertThat(result).containsKeys("romiles-s3", "second", "walk", "overall_total");
    assertThat(result.get("romiles-s3")).isEqualTo(Map.of("size", "20 B", "count", 5, "size_bytes", 20));
    long walkBytes = walkKeys.stream().mapToLong(String::length).sum();
    assertThat(result.get("overall_total")).isEqualTo(Map.of("total_size", walkBytes + 20 < 1024 ? (walkBytes + 20)
        + " B" : io.s3panel.server.stats.SizeLabels.of(walkBytes + 20), "total_count", 305,
        "total_size_bytes", (int) (walkBytes + 20)));
  }

  @Test
  void health_answersWithoutAToken() {
    Api.Response r = api.get("/health", null);
    assertThat(r.status()).isEqualTo(200);
  }
}
