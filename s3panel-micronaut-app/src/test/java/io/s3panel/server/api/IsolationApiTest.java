package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint that takes aws_cred or a task id, called by user B with user A's names: 404, nothing of A's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationApiTest {
  S3ProxyServer s3;
  Api api;
  Api.Tokens alice;
  Api.Tokens bob;
  String aliceTask;
  String aliceExposure;
  String aliceBatch;

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyServer.start().bucket("alice-private").put("alice-private", "secret/plan.txt", "plans");
    api = Api.start();
    alice = api.registerAndLogin("iso-alice");
    bob = api.registerAndLogin("iso-bob");
    assertThat(api.post("/api/aws-credentials/add", alice.access(), obj("identifier", "alice-prod",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true)).status())
        .isEqualTo(201);
    aliceTask = api.get("/api/objects/metadata?aws_cred=alice-prod", alice.access()).string("task_id");
    aliceExposure = api.post("/api/exposure?aws_cred=alice-prod", alice.access(), null).string("task_id");
    Api.Response batch = api.post("/api/buckets/alice-private/batch?aws_cred=alice-prod", alice.access(),
        obj("action", "copy", "keys", List.of("secret/plan.txt"), "destination", obj("prefix", "copy/")));
    assertThat(batch.status()).as(batch.body()).isEqualTo(202);
    aliceBatch = batch.string("task_id");
  }

  @AfterAll
  void stop() {
    api.close();
    s3.close();
  }

  @Test
  void userB_withUserAsIdentifiersAndTaskIds_gets404Everywhere_andNothingOfAs() {
    String key = Base64.getUrlEncoder().encodeToString("secret/plan.txt".getBytes(StandardCharsets.UTF_8));
    List<String[]> calls = List.of(
        new String[] {"GET", "/api/buckets?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/buckets/?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/buckets/alice-private?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/buckets/alice-private/folders/?aws_cred=alice-prod&prefix=secret/", null},
        new String[] {"GET", "/api/buckets/alice-private/objects/" + key + "/permissions/?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/buckets/alice-private/objects/" + key + "/?aws_cred=alice-prod", null},
        new String[] {"POST", "/api/buckets/alice-private/objects/get_presigned_url?aws_cred=alice-prod",
            "{\"object_key\": \"secret/plan.txt\"}"},
        new String[] {"PUT", "/api/buckets/alice-private/objects/" + key + "?aws_cred=alice-prod", "overwritten"},
        new String[] {"GET", "/api/buckets/alice-private/objects/" + key + "/content?aws_cred=alice-prod", null},
        new String[] {"DELETE", "/api/buckets/alice-private/objects/" + key + "?aws_cred=alice-prod", null},
        new String[] {"POST", "/api/buckets/alice-private/objects/" + key + "/copy?aws_cred=alice-prod",
            "{\"destination_key\": \"stolen.txt\", \"move\": true}"},
        new String[] {"POST", "/api/buckets/alice-private/folders?aws_cred=alice-prod", "{\"prefix\": \"bob/\"}"},
        new String[] {"GET", "/api/buckets/alice-private/search?aws_cred=alice-prod&q=plan", null},
        new String[] {"POST", "/api/buckets?aws_cred=alice-prod", "{\"bucket_name\": \"bob-made-this\"}"},
        new String[] {"DELETE", "/api/buckets/alice-private?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/objects/metadata?aws_cred=alice-prod", null},
        new String[] {"POST", "/api/objects/metadata?aws_cred=alice-prod", null},
        new String[] {"GET", "/api/check_task_status/" + aliceTask, null},
        new String[] {"GET", "/api/check_task_status/" + aliceTask + "/", null},
        new String[] {"DELETE", "/api/tasks/" + aliceTask, null},
        new String[] {"DELETE", "/api/tasks/" + aliceTask + "/", null},
        new String[] {"POST", "/api/exposure?aws_cred=alice-prod", "{\"objects\": \"all\"}"},
        new String[] {"GET", "/api/aws-credentials/alice-prod/health", null},
        new String[] {"GET", "/api/check_task_status/" + aliceExposure, null},
        new String[] {"DELETE", "/api/tasks/" + aliceExposure, null},
        new String[] {"POST", "/api/buckets/alice-private/batch?aws_cred=alice-prod",
            "{\"action\": \"delete\", \"prefixes\": [\"secret/\"]}"},
        new String[] {"POST", "/api/buckets/alice-private/batch?aws_cred=alice-prod",
            "{\"action\": \"copy\", \"keys\": [\"secret/plan.txt\"], \"destination\": {\"aws_cred\": \"alice-prod\"}}"},
        new String[] {"GET", "/api/check_task_status/" + aliceBatch, null},
        new String[] {"DELETE", "/api/tasks/" + aliceBatch, null},
        new String[] {"PUT", "/api/aws-credentials/alice-prod", "{\"region_name\": \"eu-west-1\"}"},
        new String[] {"DELETE", "/api/aws-credentials/alice-prod", null});
    for (String[] c : calls) {
      Api.Response r = api.send(c[0], c[1], bob.access(), c[2], c[2] == null ? null : "application/json");
      assertThat(r.status()).as(c[0] + " " + c[1] + " -> " + r.body()).isEqualTo(404);
      assertThat(r.map()).containsEntry("code", "not_found");
      assertThat(r.body()).doesNotContain("plans").doesNotContain("alice-private").doesNotContain(s3.accessKeyId());
    }
    assertThat(api.get("/api/aws-credentials", bob.access()).list()).isEmpty();
    assertThat(api.get("/api/tasks", bob.access()).list()).isEmpty();
    // Alice still has everything, unchanged.
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("alice-private").key("secret/plan.txt")).asUtf8String())
        .isEqualTo("plans");
    // (Alice's own batch copies her object under copy/; nothing under secret/ may change.)
    assertThat(s3.admin().listObjectsV2(l -> l.bucket("alice-private").prefix("secret/")).keyCount()).isEqualTo(1);
    assertThat(s3.admin().listBuckets().buckets()).extracting(b -> b.name()).doesNotContain("bob-made-this");
    assertThat(api.get("/api/buckets?aws_cred=alice-prod", alice.access()).status()).isEqualTo(200);
    assertThat(api.get("/api/check_task_status/" + aliceTask, alice.access()).status()).isIn(200, 202);
    assertThat(api.get("/api/tasks", alice.access()).list()).extracting(t -> t.get("task_id"))
        .contains(aliceTask, aliceExposure, aliceBatch);
    assertThat(api.get("/api/check_task_status/" + aliceExposure, alice.access()).status()).isIn(200, 202);
    // Bob's calls recorded nothing on Alice's set: it was never checked.
    assertThat(api.get("/api/aws-credentials", alice.access()).list().get(0).get("health").toString())
        .contains("never_checked");
    assertThat(s3.admin().headObject(h -> h.bucket("alice-private").key("secret/plan.txt")).contentLength())
        .isEqualTo(5L);
  }
}
