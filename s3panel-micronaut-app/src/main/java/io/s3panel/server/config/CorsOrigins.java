package io.s3panel.server.config;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code s3panel.cors-origins} ({@code S3PANEL_CORS_ORIGINS}, a comma-separated list; by default the
 * original web client's development origins) into Micronaut's CORS configuration named {@code s3panel}.
 *
 * <p>Micronaut would read a comma string from an environment placeholder as one origin that matches
 * nothing, so the list is split here. The API uses bearer tokens only: credentials (cookies) are never
 * allowed. Every request header is allowed to a listed origin, so a preflight with or without
 * {@code Access-Control-Request-Headers} succeeds; an origin not in the list gets no CORS header at all.
 * This is the server's only CORS configuration: origins come from {@code S3PANEL_CORS_ORIGINS} alone.
 */
@Singleton
final class CorsOrigins implements BeanCreatedEventListener<HttpServerConfiguration.CorsConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(CorsOrigins.class);
  /** The name of the CORS configuration this class adds. */
  static final String NAME = "s3panel";

  private final S3PanelConfig config;

  CorsOrigins(S3PanelConfig config) {
    this.config = config;
  }

  @Override
  public HttpServerConfiguration.CorsConfiguration onCreated(
      BeanCreatedEvent<HttpServerConfiguration.CorsConfiguration> event) {
    HttpServerConfiguration.CorsConfiguration cors = event.getBean();
    List<String> origins = parse(config.corsOrigins());
    if (origins.isEmpty()) {
      // An enabled CORS configuration without origins would let Micronaut allow every origin.
      cors.setConfigurations(Map.of());
      cors.setEnabled(false);
      LOG.info("No CORS origin is configured: browsers on other origins cannot call the API.");
      return cors;
    }
    CorsOriginConfiguration web = new CorsOriginConfiguration();
    web.setAllowedOrigins(origins);
    web.setAllowedMethods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
        HttpMethod.HEAD, HttpMethod.OPTIONS));
    web.setAllowedHeaders(CorsOriginConfiguration.ANY);
    web.setExposedHeaders(List.of("Retry-After", "WWW-Authenticate", "Content-Disposition", "ETag"));
    web.setAllowCredentials(false);
    web.setMaxAge(3600L);
    // Only this configuration: Micronaut's implicit one allows any origin, with credentials.
    Map<String, CorsOriginConfiguration> only = new LinkedHashMap<>();
    only.put(NAME, web);
    cors.setConfigurations(only);
    cors.setEnabled(true);
    LOG.info("CORS allows the origins {}.", origins);
    return cors;
  }

  /**
   * The origins of a comma-separated list: trimmed, empty entries and a trailing {@code /} dropped (an
   * origin has no path, and the browser never sends one), lower-cased scheme and host as browsers send them.
   */
  static List<String> parse(String list) {
    List<String> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (String part : list.split(",")) {
      String origin = part.trim();
      while (origin.endsWith("/")) {
        origin = origin.substring(0, origin.length() - 1);
      }
      if (!origin.isEmpty() && !out.contains(origin.toLowerCase(Locale.ROOT))) {
        out.add(origin.toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }
}
