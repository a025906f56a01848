package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.api.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The security headers on every kind of response: page, asset, API JSON, API error, 404, API docs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {
  Api api;
  Api.Tokens bob;

  @BeforeAll
  void start() {
    api = Api.start();
    bob = api.registerAndLogin("bob");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static void assertCommonHeaders(Api.Response r) {
    assertThat(r.header("X-Content-Type-Options")).as(r.toString()).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void panelPage_isHtmlWithAStrictContentSecurityPolicy() {
    Api.Response r = api.get("/", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>").doesNotContain("<script>")
        .doesNotContain("style=").doesNotContain(" onclick=");
    assertCommonHeaders(r);
    String csp = r.header("Content-Security-Policy");
    assertThat(csp).contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
        "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
  }

  @Test
  void staticAssets_carryTheHeaders_andNoPolicyIsNeededForScripts() {
    for (String path : List.of("/ui/js/app.js", "/ui/app.css", "/ui/favicon.svg")) {
      Api.Response r = api.get(path, null);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertCommonHeaders(r);
    }
    assertThat(api.get("/ui/js/app.js", null).header("Content-Type")).contains("javascript");
  }

  @Test
  void apiJson_apiErrors_andNotFound_carryTheHeaders() {
    Api.Response ok = api.get("/api/aws-credentials", bob.access());
    assertThat(ok.status()).isEqualTo(200);
    assertCommonHeaders(ok);
    Api.Response unauthorized = api.get("/api/aws-credentials", null);
    assertThat(unauthorized.status()).isEqualTo(401);
    assertCommonHeaders(unauthorized);
    Api.Response invalid = api.post("/api/register", null, Map.of("username", "x", "password", "1"));
    assertThat(invalid.status()).isEqualTo(400);
    assertCommonHeaders(invalid);
    Api.Response missing = api.get("/no/such/page", null);
    assertThat(missing.status()).isEqualTo(404);
    assertCommonHeaders(missing);
    Api.Response missingAsset = api.get("/ui/nothing.js", null);
    assertThat(missingAsset.status()).isEqualTo(404);
    assertCommonHeaders(missingAsset);
    Api.Response health = api.get("/health", null);
    assertCommonHeaders(health);
  }

  @Test
  void swaggerUi_getsAPolicyWithItsOwnScriptHashes_neverUnsafeEval() {
    Api.Response page = api.get("/swagger-ui/index.html", null);
    assertThat(page.status()).isEqualTo(200);
    assertCommonHeaders(page);
    String csp = page.header("Content-Security-Policy");
    assertThat(csp).contains("script-src 'self' 'sha256-", "object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-eval");
    assertThat(csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src"))))
        .doesNotContain("unsafe-inline");
    Api.Response doc = api.get("/swagger/s3panel.yml", null);
    assertThat(doc.status()).isEqualTo(200);
    assertCommonHeaders(doc);
  }
}
