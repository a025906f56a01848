package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The interface's sources keep to the rules the CSP and the "S3 values are text" promise rely on: no HTML
 * assigned from script, no eval, no inline script, handler or style in the page.
 */
class WebInterfaceSourceTest {
  static final Path UI = Path.of("src/main/resources/public/ui");

  private static List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(UI)) {
      return s.filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }

  @Test
  void scripts_neverAssignHtml_norEvaluateStrings() throws IOException {
    List<Path> scripts = files(".js");
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(5);
    Pattern forbidden = Pattern.compile(
        "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setAttribute\\('style'"
            + "|setTimeout\\('|setInterval\\('|createContextualFragment|localStorage|sessionStorage");
    for (Path p : scripts) {
      String src = Files.readString(p, StandardCharsets.UTF_8);
      assertThat(forbidden.matcher(src).find()).as("%s uses a forbidden construct: %s", p,
          forbidden.matcher(src).results().map(r -> r.group()).toList()).isFalse();
    }
  }

  @Test
  void page_hasNoInlineScriptHandlerOrStyle() throws IOException {
    for (Path p : files(".html")) {
      String html = Files.readString(p, StandardCharsets.UTF_8);
      assertThat(html).as(p.toString()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
          .doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("style=").doesNotContain("<style");
    }
  }
}
