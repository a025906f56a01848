package io.s3panel.server.ui;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security headers on every response of the server (API JSON, errors, static assets, API docs): no MIME
 * sniffing, no referrer, no framing, and a Content-Security-Policy (it governs the HTML pages and is inert on
 * the rest). The panel's pages run with no inline script or style at all; the Swagger UI page gets the hashes
 * of its own inline scripts and allows inline styles (its components set {@code style} attributes), never
 * {@code unsafe-eval}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeadersFilter implements Ordered {
  /** The policy of the panel's own pages. Images and the text preview come from presigned S3 links. */
  static final String PANEL_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob: http: https:; frame-src http: https:; connect-src 'self'; "
      + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final String SWAGGER_INDEX = "META-INF/swagger/views/swagger-ui/index.html";
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

  private final String swaggerCsp;

  SecurityHeadersFilter() {
    this.swaggerCsp = "default-src 'self'; script-src 'self'" + swaggerScriptHashes()
        + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  }

  @ResponseFilter
  void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    var headers = response.getHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    // The content type is often not known yet when this runs (it is chosen when the body is encoded), so
    // every response gets the policy: it governs HTML pages and is inert on JSON, scripts and styles.
    if (!headers.contains("Content-Security-Policy")) {
      headers.set("Content-Security-Policy", request.getPath().startsWith("/swagger-ui") ? swaggerCsp : PANEL_CSP);
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** {@code 'sha256-…'} of each inline script of the generated Swagger UI page (none when it is absent). */
  private static String swaggerScriptHashes() {
    try (InputStream in = SecurityHeadersFilter.class.getClassLoader().getResourceAsStream(SWAGGER_INDEX)) {
      if (in == null) {
        return "";
      }
      String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> hashes = new ArrayList<>();
      Matcher m = INLINE_SCRIPT.matcher(page);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      while (m.find()) {
        hashes.add(" 'sha256-" + Base64.getEncoder().encodeToString(sha.digest(m.group(1).getBytes(StandardCharsets.UTF_8)))
            + "'");
      }
      return String.join("", hashes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
