package io.s3panel.server.ui;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The panel's web interface: {@code GET /} answers its single page; its scripts and styles are static
 * resources under {@code /ui/}. Routes live in the URL fragment ({@code /#/…}), so every screen is
 * {@code GET /} to the server and bookmarks and back/forward work without a fallback route.
 */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
final class UiController {
  private final byte[] index;

  UiController(ResourceResolver resources) {
    try (InputStream in = resources.getResourceAsStream("classpath:public/ui/index.html")
        .orElseThrow(() -> new IllegalStateException("The web interface (public/ui/index.html) is missing"))) {
      this.index = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get
  @Produces(MediaType.TEXT_HTML)
  HttpResponse<byte[]> index() {
    return HttpResponse.ok(index).header("Cache-Control", "no-cache");
  }
}
