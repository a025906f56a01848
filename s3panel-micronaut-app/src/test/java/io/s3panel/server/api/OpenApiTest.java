package io.s3panel.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document and the Swagger UI: served without a token, the document names every endpoint of
 * docs/API.md with its methods, and the UI loads only assets served by the server itself (no CDN).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
  static final String SPEC = "/swagger/s3panel.yml";

  /** Every path of docs/API.md and its methods. */
  static final Map<String, Set<String>> API = new LinkedHashMap<>();

  static {
    API.put("/api/register", Set.of("post"));
    API.put("/api/login", Set.of("post"));
    API.put("/api/token/refresh", Set.of("post"));
    API.put("/api/password", Set.of("post"));
    API.put("/api/account", Set.of("delete"));
    API.put("/api/aws-credentials", Set.of("get"));
    API.put("/api/aws-credentials/add", Set.of("post"));
    API.put("/api/aws-credentials/{identifier}", Set.of("put", "delete"));
    API.put("/api/buckets", Set.of("get", "post"));
    API.put("/api/buckets/{bucket}", Set.of("get", "delete"));
    API.put("/api/buckets/{bucket}/folders", Set.of("get", "post"));
    API.put("/api/buckets/{bucket}/objects/{keyB64}", Set.of("get", "put", "delete"));
    API.put("/api/buckets/{bucket}/objects/{keyB64}/content", Set.of("get"));
    API.put("/api/buckets/{bucket}/objects/{keyB64}/copy", Set.of("post"));
    API.put("/api/buckets/{bucket}/search", Set.of("get"));
    API.put("/api/buckets/{bucket}/objects/{keyB64}/permissions", Set.of("get"));
    API.put("/api/buckets/{bucket}/objects/get_presigned_url", Set.of("post"));
    API.put("/api/objects/metadata", Set.of("get", "post"));
    API.put("/api/check_task_status/{taskId}", Set.of("get"));
    API.put("/api/tasks", Set.of("get"));
    API.put("/api/tasks/{taskId}", Set.of("delete"));
    API.put("/api/exposure", Set.of("post"));
    API.put("/api/aws-credentials/{identifier}/health", Set.of("get"));
  }

  /** Served without a token: register, login and refresh. */
  static final Set<String> ANONYMOUS = Set.of("/api/register", "/api/login", "/api/token/refresh");

  Api api;
  Map<String, Object> doc;

  @BeforeAll
  void start() {
    api = Api.start();
    Api.Response r = api.get(SPEC, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r.body());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void document_hasTitleVersionAndBearerScheme() {
    Map<String, Object> info = map(doc.get("info"));
    assertThat(info).containsEntry("title", "S3 Panel API").containsKey("version").containsKey("description");
    Map<String, Object> scheme = map(map(map(doc.get("components")).get("securitySchemes")).get("bearerAuth"));
    assertThat(scheme).containsEntry("type", "http").containsEntry("scheme", "bearer");
  }

  @Test
  void document_describesEveryEndpointOfTheContract() {
    Map<String, Object> paths = map(doc.get("paths"));
    List<String> missing = new ArrayList<>();
    API.forEach((path, methods) -> {
      Map<String, Object> item = paths.containsKey(path) ? map(paths.get(path)) : Map.of();
      for (String method : methods) {
        if (!item.containsKey(method)) {
          missing.add(method.toUpperCase() + " " + path);
          continue;
        }
        Map<String, Object> op = map(item.get(method));
        assertThat(op.get("summary")).as("summary of %s %s", method, path).isNotNull();
        assertThat(map(op.get("responses"))).as("responses of %s %s", method, path).isNotEmpty();
        boolean secured = op.containsKey("security") && !((List<?>) op.get("security")).isEmpty();
        assertThat(secured).as("bearer security of %s %s", method, path).isEqualTo(!ANONYMOUS.contains(path));
      }
    });
    assertThat(missing).as("endpoints missing from " + SPEC).isEmpty();
  }

  @Test
  void document_givesTheRealSuccessCodes() {
    Map<String, Object> paths = map(doc.get("paths"));
    assertThat(responses(paths, "/api/register", "post")).containsKey("201");
    assertThat(responses(paths, "/api/aws-credentials/add", "post")).containsKey("201");
    assertThat(responses(paths, "/api/aws-credentials/{identifier}", "delete")).containsKey("204");
    assertThat(responses(paths, "/api/objects/metadata", "get")).containsKey("202");
    assertThat(responses(paths, "/api/buckets/{bucket}/objects/{keyB64}", "put")).containsKeys("201", "409", "413");
    assertThat(responses(paths, "/api/buckets/{bucket}/objects/{keyB64}", "delete")).containsKey("204");
    assertThat(responses(paths, "/api/buckets/{bucket}/objects/{keyB64}/content", "get"))
        .containsKeys("200", "206", "304", "416");
    assertThat(responses(paths, "/api/buckets/{bucket}/objects/{keyB64}/copy", "post")).containsKeys("201", "409");
    assertThat(responses(paths, "/api/buckets/{bucket}/folders", "post")).containsKey("201");
    assertThat(responses(paths, "/api/buckets", "post")).containsKeys("201", "409");
    assertThat(responses(paths, "/api/buckets/{bucket}", "delete")).containsKeys("204", "409");
    assertThat(responses(paths, "/api/check_task_status/{taskId}", "get")).containsKeys("200", "202");
    assertThat(responses(paths, "/api/objects/metadata", "post")).containsKeys("202", "429");
    assertThat(responses(paths, "/api/tasks", "get")).containsKey("200");
    assertThat(responses(paths, "/api/exposure", "post")).containsKeys("202", "400", "404", "429");
    assertThat(responses(paths, "/api/aws-credentials/{identifier}/health", "get")).containsKeys("200", "404");
    assertThat(responses(paths, "/api/tasks/{taskId}", "delete")).containsKeys("202", "404", "409");
    assertThat(responses(paths, "/api/buckets/{bucket}/batch", "post")).containsKeys("202", "400", "404", "413", "429");
    Map<String, Object> body = map(map(map(map(paths.get("/api/login")).get("post")).get("requestBody")).get("content"));
    assertThat(body.toString()).contains("#/components/schemas/Credentials");
  }

  @Test
  void swaggerUi_isServedWithLocalAssetsOnly() {
    for (String page : List.of("/swagger-ui/", "/swagger-ui/index.html")) {
      Api.Response r = api.get(page, null);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.header("Content-Type")).as(page).startsWith("text/html");
      String html = r.body();
      assertThat(html).as(page).contains("swagger-ui").contains(SPEC)
          .doesNotContain("unpkg.com").doesNotContain("cdn.").doesNotContain("https://");

      Set<String> assets = new LinkedHashSet<>();
      Matcher m = Pattern.compile("[\"'](/swagger-ui/[^\"']+\\.(?:js|css|png))[\"']").matcher(html);
      while (m.find()) {
        assets.add(m.group(1));
      }
      assertThat(assets).as(page).contains("/swagger-ui/res/swagger-ui-bundle.js",
          "/swagger-ui/res/swagger-ui-standalone-preset.js", "/swagger-ui/res/swagger-ui.css");
      for (String asset : assets) {
        Api.Response a = api.get(asset, null);
        assertThat(a.status()).as(asset).isEqualTo(200);
        assertThat(a.body()).as(asset).isNotEmpty();
      }
    }
  }

  private static Map<String, Object> responses(Map<String, Object> paths, String path, String method) {
    return map(map(map(paths.get(path)).get(method)).get("responses"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }
}
