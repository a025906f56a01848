package io.s3panel.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Content-Disposition of a download, for keys the API could never be tricked by. */
class DownloadsTest {
  @Test
  void contentDisposition_ofHostileNames_holdsNoQuoteControlCharacterOrExtraParameter() {
    for (String key : List.of("a/x\r\nSet-Cookie: s=1", "a\"b\"", "semi;colon=1", "tab\tnul\u0000", "ünï 💥.txt",
        "back\\slash", "dir/", "", "%41%0d%0a", "\u2028line\u2029")) {
      String d = Downloads.contentDisposition(key);
      assertThat(d).as(key).startsWith("attachment; filename=\"").matches("[\\x20-\\x7e]+");
      assertThat(d.chars().filter(c -> c == '"').count()).as(key).isEqualTo(2);
      assertThat(d.chars().filter(c -> c == ';').count()).as(key).isEqualTo(2);
      assertThat(d).doesNotContain("\\");
    }
    assertThat(Downloads.contentDisposition("photos/été 1.jpg"))
        .isEqualTo("attachment; filename=\"_t_ 1.jpg\"; filename*=UTF-8''%C3%A9t%C3%A9%201.jpg");
    assertThat(Downloads.contentDisposition("a/b/")).isEqualTo("attachment; filename=\"download\"; filename*=UTF-8''download");
  }
}
