package io.s3panel.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the written API reference ({@code docs/API.md}) and the OpenAPI document in step: every path of
 * the OpenAPI document is described in the reference, and the reference describes no path the server does
 * not have. Path parameters are compared by position only ({@code {keyB64}} and {@code {key_b64}} match).
 */
class ApiReferenceDocTest {
  private static final Pattern OPENAPI_PATH = Pattern.compile("(?m)^  (/[^:\\s]+):\\s*$");
  private static final Pattern DOC_PATH = Pattern.compile("/api/[A-Za-z0-9_{}./-]*[A-Za-z0-9_}]");

  @Test
  void everyOpenApiPath_isInTheReference_andTheReferenceHasNoOtherPath() throws IOException {
    Set<String> openApi = openApiPaths();
    Set<String> documented = documentedPaths();
    assertThat(openApi).as("paths of the OpenAPI document").isNotEmpty();
    assertThat(documented).as("paths that docs/API.md describes").containsAll(openApi);
    assertThat(openApi).as("paths that exist, for every path docs/API.md describes").containsAll(documented);
  }

  static Set<String> openApiPaths() throws IOException {
    String yaml = Files.readString(Path.of("src/main/openapi/s3panel-api.yml"));
    Set<String> paths = new TreeSet<>();
    Matcher m = OPENAPI_PATH.matcher(yaml);
    while (m.find()) {
      if (m.group(1).startsWith("/api/")) {
        paths.add(normalise(m.group(1)));
      }
    }
    return paths;
  }

  static Set<String> documentedPaths() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "API.md"));
    Set<String> paths = new TreeSet<>();
    Matcher m = DOC_PATH.matcher(doc);
    while (m.find()) {
      paths.add(normalise(m.group()));
    }
    return paths;
  }

  private static String normalise(String path) {
    String p = path.replaceAll("\\{[^}]*}", "{}");
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
