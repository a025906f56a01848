package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Object operations through the real server and S3Proxy: streamed upload and download round trips at the
 * part-size edges, a client that disconnects mid-upload, ranges, conditional GETs, download headers that
 * cannot be injected, delete, copy, move, folders, search and bucket create/delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectOperationsApiTest {
  static final int PART = 5 * 1024 * 1024;

  S3ProxyServer s3;
  Api api;
  Api.Tokens user;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("files");
    // Bodies read whole stay limited to the default 1 MB: an upload of several MiB that succeeds was streamed.
    api = Api.start(Map.of("s3panel.transfers.part-size", PART, "s3panel.transfers.parts-in-flight", 2));
    user = api.registerAndLogin("objects-user");
    assertThat(api.post("/api/aws-credentials/add", user.access(), obj("identifier", "main",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true)).status())
        .isEqualTo(201);
  }

  @AfterAll
  void stop() {
    api.close();
    s3.close();
  }

  static String b64(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  String objectPath(String bucket, String key) {
    return "/api/buckets/" + bucket + "/objects/" + b64(key);
  }

  HttpResponse<byte[]> raw(String method, String path, HttpRequest.BodyPublisher body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + user.access());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void upload_thenDownload_atEveryPartSizeEdge_bytesAreEqual() throws Exception {
    int[] sizes = {0, 1, PART, PART + 1, 2 * PART + 12_345};
    for (int size : sizes) {
      byte[] data = random(size, size);
      String key = "round/trip-" + size + ".bin";
      // Chunked (no Content-Length): a stream of unknown length, as a browser or curl -T - sends it.
      HttpResponse<byte[]> up = raw("PUT", objectPath("files", key) + "?aws_cred=main",
          HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data)),
          "Content-Type", "application/x-test");
      assertThat(up.statusCode()).as("upload of %d bytes: %s", size, new String(up.body(), StandardCharsets.UTF_8))
          .isEqualTo(201);
      assertThat(up.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      String upBody = new String(up.body(), StandardCharsets.UTF_8);
      assertThat(upBody).contains("\"key\":\"" + key + "\"").contains("\"size\":" + size).contains("\"etag\"")
          .contains("\"version_id\"");
      HttpResponse<byte[]> down = raw("GET", objectPath("files", key) + "/content?aws_cred=main", null);
      assertThat(down.statusCode()).isEqualTo(200);
      assertThat(sha256(down.body())).as("size %d", size).isEqualTo(sha256(data));
      assertThat(down.headers().firstValue("Content-Length")).hasValue(Integer.toString(size));
      assertThat(down.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-test");
      assertThat(down.headers().firstValue("Accept-Ranges")).hasValue("bytes");
      assertThat(down.headers().firstValue("ETag")).isPresent();
      assertThat(down.headers().firstValue("Last-Modified")).isPresent();
      assertThat(s3.admin().headObject(h -> h.bucket("files").key(key)).contentLength()).isEqualTo(size);
    }
    assertThat(s3.admin().listMultipartUploads(l -> l.bucket("files")).uploads()).isEmpty();
  }

  @Test
  void upload_withContentLength_andIfNoneMatchStar_conflictsWhenTheKeyExists() throws Exception {
    byte[] data = "first".getBytes(StandardCharsets.UTF_8);
    String path = objectPath("files", "cond/once.txt") + "?aws_cred=main";
    assertThat(raw("PUT", path, HttpRequest.BodyPublishers.ofByteArray(data), "If-None-Match", "*").statusCode())
        .isEqualTo(201);
    HttpResponse<byte[]> again = raw("PUT", path, HttpRequest.BodyPublishers.ofByteArray("second".getBytes()),
        "If-None-Match", "*");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(new String(again.body(), StandardCharsets.UTF_8)).contains("\"code\":\"conflict\"");
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("files").key("cond/once.txt")).asUtf8String())
        .isEqualTo("first");
  }

  @Test
  void clientDisconnectsMidUpload_noObjectAndNoMultipartUploadLeft() throws Exception {
    String key = "broken/half.bin";
    String request = "PUT " + objectPath("files", key) + "?aws_cred=main HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + user.access() + "\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Length: " + (4L * PART) + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", api.server().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = random(64 * 1024, 7);
      for (long sent = 0; sent < 2L * PART + PART / 2; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      // Let the server start the multipart upload and send parts before the client vanishes.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (s3.admin().listMultipartUploads(l -> l.bucket("files")).uploads().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(s3.admin().listMultipartUploads(l -> l.bucket("files")).uploads())
          .as("the upload had gone multipart before the disconnect").isNotEmpty();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!s3.admin().listMultipartUploads(l -> l.bucket("files")).uploads().isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(s3.admin().listMultipartUploads(l -> l.bucket("files")).uploads()).isEmpty();
    boolean exists;
    try {
      s3.admin().headObject(h -> h.bucket("files").key(key));
      exists = true;
    } catch (NoSuchKeyException e) {
      exists = false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      exists = e.statusCode() != 404;
    }
    assertThat(exists).as("no object").isFalse();
  }

  @Test
  void download_range_unsatisfiable_malformed_andIfNoneMatch() throws Exception {
    s3.put("files", "range/abc.txt", "0123456789");
    String path = objectPath("files", "range/abc.txt") + "/content?aws_cred=main";
    HttpResponse<byte[]> part = raw("GET", path, null, "Range", "bytes=2-5");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    assertThat(part.headers().firstValue("Content-Length")).hasValue("4");
    HttpResponse<byte[]> suffix = raw("GET", path, null, "Range", "bytes=-3");
    assertThat(new String(suffix.body(), StandardCharsets.UTF_8)).isEqualTo("789");
    HttpResponse<byte[]> outside = raw("GET", path, null, "Range", "bytes=50-60");
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */10");
    assertThat(new String(outside.body(), StandardCharsets.UTF_8)).contains("\"code\":\"validation_failed\"")
        .contains("\"error\"");
    for (String malformed : List.of("bytes=5-2", "bytes=abc", "lines=1-2", "bytes=0-1,3-4", "bytes=")) {
      HttpResponse<byte[]> whole = raw("GET", path, null, "Range", malformed);
      assertThat(whole.statusCode()).as(malformed).isEqualTo(200);
      assertThat(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
    }
    String etag = raw("GET", path, null).headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> same = raw("GET", path, null, "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(raw("GET", path, null, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> missing = raw("GET", objectPath("files", "range/none.txt") + "/content?aws_cred=main", null);
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void download_isAlwaysAnAttachment_whoseFileNameCannotInjectHeaders() throws Exception {
    // S3 can hold a key with CR/LF; the API refuses to address one (400), so it never reaches a header.
    String crlf = "evil/x\r\nSet-Cookie: stolen=1.svg";
    s3.admin().putObject(p -> p.bucket("files").key(crlf), RequestBody.fromString("<b>x</b>"));
    HttpResponse<byte[]> refused = raw("GET", objectPath("files", crlf) + "/content?aws_cred=main", null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    List<String> keys = List.of("evil/a\"b.html", "evil/tab\there.txt".replace("\t", "_"), "evil/semi;colon=1.txt",
        "evil/ünï 💥 ✓.txt", "evil/back\\slash%41.txt", "evil/folder/");
    for (String key : keys) {
      s3.admin().putObject(p -> p.bucket("files").key(key).contentType("text/html"), RequestBody.fromString("<b>x</b>"));
      HttpResponse<byte[]> r = raw("GET", objectPath("files", key) + "/content?aws_cred=main", null);
      assertThat(r.statusCode()).as(key).isEqualTo(200);
      List<String> dispositions = r.headers().allValues("Content-Disposition");
      assertThat(dispositions).as(key).hasSize(1);
      String d = dispositions.get(0);
      assertThat(d).startsWith("attachment; filename=\"");
      String last = key.substring(key.lastIndexOf('/') + 1);
      String expected = last.isEmpty() ? "download" : last;
      String star = d.substring(d.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
      assertThat(star).matches("[A-Za-z0-9!#$&+\\-.^_`|~%]+");
      assertThat(java.net.URLDecoder.decode(star.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(expected);
      String fallback = d.substring("attachment; filename=\"".length(), d.indexOf("\"; filename*="));
      assertThat(fallback).matches("[\\x20-\\x7e]+").doesNotContain("\"").doesNotContain(";").doesNotContain("\\");
      assertThat(d.chars().filter(c -> c == ';').count()).isEqualTo(2);
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
    }
  }

  @Test
  void delete_isIdempotent() throws Exception {
    s3.put("files", "del/me.txt", "x");
    String path = objectPath("files", "del/me.txt") + "?aws_cred=main";
    assertThat(api.delete(path, user.access(), null).status()).isEqualTo(204);
    assertThat(api.delete(path, user.access(), null).status()).isEqualTo(204);
    assertThat(api.get(objectPath("files", "del/me.txt") + "?aws_cred=main", user.access()).status()).isEqualTo(404);
  }

  @Test
  void copy_move_andOverwriteFalse() {
    s3.bucket("other");
    s3.put("files", "cp/src.txt", "source");
    s3.put("files", "cp/taken.txt", "taken");
    String copy = objectPath("files", "cp/src.txt") + "/copy?aws_cred=main";
    Api.Response c = api.post(copy, user.access(), obj("destination_key", "cp/copy.txt"));
    assertThat(c.status()).isEqualTo(201);
    assertThat(c.map()).containsEntry("key", "cp/copy.txt").containsEntry("source_kept", false)
        .containsKeys("etag", "version_id");
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("files").key("cp/copy.txt")).asUtf8String())
        .isEqualTo("source");
    Api.Response refused = api.post(copy, user.access(), obj("destination_key", "cp/taken.txt", "overwrite", false));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.map()).containsEntry("code", "conflict");
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("files").key("cp/taken.txt")).asUtf8String())
        .isEqualTo("taken");
    Api.Response move = api.post(copy, user.access(), obj("destination_bucket", "other",
        "destination_key", "moved/src.txt", "move", true));
    assertThat(move.status()).isEqualTo(201);
    assertThat(move.map()).containsEntry("key", "moved/src.txt").containsEntry("source_kept", false);
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("other").key("moved/src.txt")).asUtf8String())
        .isEqualTo("source");
    assertThat(api.get(objectPath("files", "cp/src.txt") + "?aws_cred=main", user.access()).status()).isEqualTo(404);
    assertThat(api.post(copy, user.access(), obj("destination_key", "cp/x.txt")).status()).as("source gone")
        .isEqualTo(404);
    assertThat(api.post(copy, user.access(), obj("destination_key", "")).status()).isEqualTo(400);
    assertThat(api.post(copy, user.access(), obj("move", true)).status()).isEqualTo(400);
  }

  @Test
  void moveWhoseDeleteFails_keepsTheSource_andSaysSo() {
    s3.put("files", "mv/keep.txt", "kept");
    try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), "DELETE .*", "AccessDenied", 0)) {
      assertThat(api.post("/api/aws-credentials/add", user.access(), obj("identifier", "no-delete",
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "region_name", "us-east-1", "endpoint_url", proxy.endpoint().toString(), "path_style", true)).status())
          .isEqualTo(201);
      // Trailing slashes work on the new routes too.
      Api.Response r = api.post(objectPath("files", "mv/keep.txt") + "/copy/?aws_cred=no-delete", user.access(),
          obj("destination_key", "mv/moved.txt", "move", true));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.map()).containsEntry("key", "mv/moved.txt").containsEntry("source_kept", true);
      assertThat(r.string("message")).contains("could not be deleted");
      assertThat(proxy.denied()).isPositive();
    }
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("files").key("mv/keep.txt")).asUtf8String()).isEqualTo("kept");
    assertThat(s3.admin().getObjectAsBytes(g -> g.bucket("files").key("mv/moved.txt")).asUtf8String())
        .isEqualTo("kept");
    assertThat(api.delete("/api/aws-credentials/no-delete", user.access(), null).status()).isEqualTo(204);
  }

  @Test
  void createFolder_makesTheMarker_andRefusesAPrefixWithoutSlash() {
    Api.Response r = api.post("/api/buckets/files/folders/?aws_cred=main", user.access(), obj("prefix", "new/dir/"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.map()).containsEntry("prefix", "new/dir/");
    assertThat(s3.admin().headObject(h -> h.bucket("files").key("new/dir/")).contentLength()).isZero();
    Api.Response listed = api.get("/api/buckets/files/folders?aws_cred=main&prefix=new/", user.access());
    assertThat(listed.body()).contains("new/dir/");
    Api.Response bad = api.post("/api/buckets/files/folders?aws_cred=main", user.access(), obj("prefix", "no-slash"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"prefix\"");
  }

  @Test
  void search_findsCaseInsensitively_andTheContinuationWalksEverything() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add(String.format("photos/%02d-%s.jpg", i, i % 3 == 0 ? "Beach" : "city"));
    }
    s3.bucket("searchable").putAll("searchable", keys);
    s3.put("searchable", "elsewhere/beach.jpg", "x");
    List<String> found = new ArrayList<>();
    String continuation = "";
    int calls = 0;
    do {
      Api.Response r = api.get("/api/buckets/searchable/search?aws_cred=main&q=BEACH&prefix=photos/&max_results=3"
          + (continuation.isEmpty() ? "" : "&continuation=" + Api.q(continuation)), user.access());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      Map<String, Object> m = r.map();
      assertThat(m).containsKeys("results", "continuation", "scanned");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) m.get("results");
      assertThat(results.size()).isLessThanOrEqualTo(3);
      results.forEach(h -> {
        assertThat(h).containsKeys("key", "size", "last_modified");
        found.add((String) h.get("key"));
      });
      continuation = (String) m.get("continuation");
      calls++;
    } while (!continuation.isEmpty() && calls < 50);
    assertThat(calls).isGreaterThan(1);
    assertThat(found).containsExactlyElementsOf(keys.stream().filter(k -> k.contains("Beach")).toList());
    assertThat(api.get("/api/buckets/searchable/search?aws_cred=main&q=x&continuation=garbage", user.access())
        .status()).isEqualTo(400);
    assertThat(api.get("/api/buckets/searchable/search?aws_cred=main", user.access()).status()).isEqualTo(400);
    assertThat(api.get("/api/buckets/searchable/search?aws_cred=main&q=x&max_results=0", user.access()).status())
        .isEqualTo(400);
  }

  @Test
  void bucketCreateAndDelete_nameRules_taken_andNotEmpty() {
    Api.Response created = api.post("/api/buckets?aws_cred=main", user.access(), obj("bucket_name", "fresh-bucket",
        "region", "us-east-1"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(s3.admin().headBucket(h -> h.bucket("fresh-bucket"))).isNotNull();
    Api.Response taken = api.post("/api/buckets?aws_cred=main", user.access(), obj("bucket_name", "fresh-bucket"));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.map()).containsEntry("code", "conflict");
    Api.Response badName = api.post("/api/buckets?aws_cred=main", user.access(), obj("bucket_name", "Bad_Name"));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.map()).containsKey("fields");
    assertThat(badName.body()).contains("bucket_name");
    s3.put("fresh-bucket", "keep.txt", "x");
    Api.Response notEmpty = api.delete("/api/buckets/fresh-bucket?aws_cred=main", user.access(), null);
    assertThat(notEmpty.status()).isEqualTo(409);
    assertThat(notEmpty.map()).containsEntry("code", "conflict");
    assertThat(notEmpty.string("error")).containsIgnoringCase("empty");
    assertThat(api.delete(objectPath("fresh-bucket", "keep.txt") + "?aws_cred=main", user.access(), null).status())
        .isEqualTo(204);
    assertThat(api.delete("/api/buckets/fresh-bucket?aws_cred=main", user.access(), null).status()).isEqualTo(204);
    assertThat(api.delete("/api/buckets/fresh-bucket?aws_cred=main", user.access(), null).status()).isEqualTo(404);
  }

  @Test
  void badKeys_tooLongOrNotBase64_are400_andExistingObjectRoutesStillWork() throws Exception {
    String tooLong = b64("k".repeat(1025));
    for (String key : List.of(tooLong, "!!!", "a", "_w")) {
      HttpResponse<byte[]> put = raw("PUT", "/api/buckets/files/objects/" + key + "?aws_cred=main",
          HttpRequest.BodyPublishers.ofString("x"));
      assertThat(put.statusCode()).as(key).isEqualTo(400);
      assertThat(new String(put.body(), StandardCharsets.UTF_8)).contains("validation_failed");
      assertThat(raw("GET", "/api/buckets/files/objects/" + key + "/content?aws_cred=main", null).statusCode())
          .isEqualTo(400);
      assertThat(raw("DELETE", "/api/buckets/files/objects/" + key + "?aws_cred=main", null).statusCode())
          .isEqualTo(400);
    }
    assertThat(raw("PUT", objectPath("files", "k".repeat(1024)) + "?aws_cred=main",
        HttpRequest.BodyPublishers.ofString("x")).statusCode()).as("1024 bytes is allowed").isEqualTo(201);
    s3.put("files", "routes/x.txt", "x");
    assertThat(api.get(objectPath("files", "routes/x.txt") + "?aws_cred=main", user.access()).status())
        .isEqualTo(200);
    assertThat(api.get(objectPath("files", "routes/x.txt") + "/permissions?aws_cred=main", user.access()).status())
        .isEqualTo(200);
    assertThat(api.post("/api/buckets/files/objects/get_presigned_url?aws_cred=main", user.access(),
        obj("object_key", "routes/x.txt")).status()).isEqualTo(200);
  }

  @Test
  void uploadBeyondTheConfiguredMaximum_is413_withAndWithoutContentLength() throws Exception {
    try (Api small = Api.start(Map.of("s3panel.transfers.max-upload-size", 1000))) {
      Api.Tokens t = small.registerAndLogin("small-uploader");
      assertThat(small.post("/api/aws-credentials/add", t.access(), obj("identifier", "main",
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true)).status())
          .isEqualTo(201);
      byte[] data = random(5000, 3);
      for (boolean chunked : List.of(false, true)) {
        HttpRequest.BodyPublisher body = chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data))
            : HttpRequest.BodyPublishers.ofByteArray(data);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(small.base()
            + objectPath("files", "big/too.bin") + "?aws_cred=main")).header("Authorization", "Bearer " + t.access())
            .PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("chunked=" + chunked + " " + r.body()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":\"payload_too_large\"");
      }
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(small.base()
          + objectPath("files", "big/fits.bin") + "?aws_cred=main")).header("Authorization", "Bearer " + t.access())
          .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000, 4))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(201);
      // The JSON limit still holds on the other routes.
      Api.Response huge = small.post("/api/buckets/files/folders?aws_cred=main", t.access(),
          "{\"prefix\": \"" + "y".repeat(2 * 1024 * 1024) + "/\"}");
      assertThat(huge.status()).isEqualTo(413);
    }
    boolean exists = s3.admin().listObjectsV2(l -> l.bucket("files").prefix("big/too")).hasContents();
    assertThat(exists).isFalse();
  }

  /**
   * An upload refused before its body was read (a key that is not base64, a set that does not exist, no
   * token) is answered in full with {@code Connection: close}, then the server closes: a client sees the
   * answer and opens a new connection for its next request instead of retrying this one (read from a raw
   * socket, so no client-side retry can hide a lost answer). The JDK client sees the header too and its
   * next upload succeeds.
   */
  @Test
  void uploadRefusedBeforeItsBodyWasRead_answersWithConnectionClose() throws Exception {
    String declared = "Content-Type: application/octet-stream\r\nContent-Length: " + (3L * PART) + "\r\n\r\n";
    List<String> heads = List.of(
        "PUT /api/buckets/files/objects/%21%21not-base64?aws_cred=main HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer " + user.access() + "\r\n" + declared,
        "PUT " + objectPath("files", "refused/x.bin") + "?aws_cred=nosuchset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer " + user.access() + "\r\n" + declared,
        "PUT " + objectPath("files", "refused/x.bin") + "?aws_cred=main HTTP/1.1\r\nHost: 127.0.0.1\r\n" + declared);
    List<Integer> expected = List.of(400, 404, 401);
    for (int i = 0; i < heads.size(); i++) {
      try (Socket socket = new Socket("127.0.0.1", api.server().getPort())) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(heads.get(i).getBytes(StandardCharsets.US_ASCII));
        out.write(random(16 * 1024, i)); // a little of the body, far from all of it
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
        assertThat(head).as(answer).startsWith("http/1.1 " + expected.get(i));
        assertThat(head.lines()).as(answer).contains("connection: close");
        assertThat(answer).as("the whole error body came before the close").contains("\"code\":");
      }
    }
    assertThat(s3.admin().listObjectsV2(l -> l.bucket("files").prefix("refused/")).hasContents()).isFalse();
    // The JDK client: a refused upload, then uploads on the same client; none may fail for a reused connection.
    byte[] data = random(256 * 1024, 9);
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(api.base()
          + "/api/buckets/files/objects/%21%21?aws_cred=main")).header("Authorization", "Bearer " + user.access())
          .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Connection")).hasValue("close");
      HttpResponse<byte[]> stored = raw("PUT", objectPath("files", "refused-then/" + i + ".bin") + "?aws_cred=main",
          HttpRequest.BodyPublishers.ofByteArray(data));
      assertThat(stored.statusCode()).isEqualTo(201);
      assertThat(stored.headers().firstValue("Connection")).isEmpty();
    }
  }

  /**
   * A client that waits for {@code 100 Continue} before sending the body (curl does above 1 MiB) gets it, and
   * its multipart-sized body, sent in odd pieces, is stored byte for byte.
   */
  @Test
  void uploadWithExpectContinue_getsContinueThenStoresTheBody() throws Exception {
    byte[] data = random(2 * PART + 12_345, 21);
    String head = "PUT " + objectPath("files", "expect/continue.bin") + "?aws_cred=main HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + user.access() + "\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Length: " + data.length + "\r\nExpect: 100-continue\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", api.server().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readHead(in)).startsWith("HTTP/1.1 100");
      for (int off = 0; off < data.length; off += 70_001) {
        out.write(data, off, Math.min(70_001, data.length - off));
      }
      out.flush();
      assertThat(readHead(in)).startsWith("HTTP/1.1 201");
    }
    try (var stored = s3.admin().getObject(g -> g.bucket("files").key("expect/continue.bin"))) {
      assertThat(stored.readAllBytes()).isEqualTo(data);
    }
  }

  /** The status line and headers of one response (up to the blank line), read byte by byte. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /**
   * Downloads whose body is never sent (HEAD) or only partly read give their S3 connection back: more of
   * them than the server's S3 connection pool holds (200) still leave a later download working.
   */
  @Test
  void downloadsNotReadToTheEnd_releaseTheirS3Connection() throws Exception {
    byte[] data = random(3 * 256 * 1024 + 5, 11);
    String path = objectPath("files", "release/x.bin") + "/content?aws_cred=main";
    assertThat(raw("PUT", objectPath("files", "release/x.bin") + "?aws_cred=main",
        HttpRequest.BodyPublishers.ofByteArray(data)).statusCode()).isEqualTo(201);
    for (int i = 0; i < 210; i++) {
      HttpResponse<byte[]> head = raw("HEAD", path, null);
      assertThat(head.statusCode()).as("HEAD %d", i).isEqualTo(200);
      assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(data.length));
    }
    for (int i = 0; i < 210; i++) {
      HttpResponse<InputStream> partly = http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
          .header("Authorization", "Bearer " + user.access()).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = partly.body()) {
        assertThat(in.readNBytes(1000)).hasSize(1000);
      }
    }
    HttpResponse<byte[]> whole = raw("GET", path, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(sha256(whole.body())).isEqualTo(sha256(data));
  }

  static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }
}
