package io.s3panel.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The error table ({@link ApiError}) answers with the statuses docs/API.md documents, code by code. */
class ApiErrorTableTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\| ([^|]+) \\|");
  private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");
  private static final Pattern STATUS = Pattern.compile("\\b([1-5]\\d\\d)\\b");

  @Test
  void everyDocumentedCode_hasExactlyTheDocumentedStatuses() throws IOException {
    Map<String, Set<Integer>> documented = documentedStatuses();
    assertThat(documented).as("the error table of docs/API.md").containsKeys("validation_failed",
        "aws_invalid_credentials", "internal");
    Map<String, Set<Integer>> table = new TreeMap<>();
    for (ApiError e : EnumSet.complementOf(EnumSet.of(ApiError.RANGE_NOT_SATISFIABLE))) {
      table.computeIfAbsent(e.code(), k -> new TreeSet<>()).add(e.status().getCode());
    }
    assertThat(table).isEqualTo(documented);
  }

  @Test
  void invalidKeys_are400WhenJustSent_and502WhenStored() {
    assertThat(ApiError.KEYS_REJECTED.code()).isEqualTo(ApiError.AWS_INVALID_CREDENTIALS.code());
    assertThat(ApiError.KEYS_REJECTED.status().getCode()).isEqualTo(400);
    assertThat(ApiError.of(ErrorCode.AWS_INVALID_CREDENTIALS).status().getCode()).isEqualTo(502);
  }

  @Test
  void aRangeOutsideTheObject_is416_asTheObjectContentRowSays() throws IOException {
    assertThat(ApiError.RANGE_NOT_SATISFIABLE.status().getCode()).isEqualTo(416);
    assertThat(doc()).contains("outside the object → 416");
  }

  @Test
  void everyCoreErrorCode_keepsItsOwnCodeOnTheWire() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(ApiError.of(c).code()).as(c.name()).isEqualTo(c.code());
    }
  }

  private static Map<String, Set<Integer>> documentedStatuses() throws IOException {
    String doc = doc();
    int start = doc.indexOf("| code | status | meaning |");
    assertThat(start).as("docs/API.md has the error table").isNotNegative();
    String table = doc.substring(start, doc.indexOf("\n\n", start));
    Map<String, Set<Integer>> out = new TreeMap<>();
    Matcher row = ROW.matcher(table);
    while (row.find()) {
      Set<Integer> statuses = STATUS.matcher(row.group(2)).results()
          .map(m -> Integer.parseInt(m.group(1))).collect(Collectors.toCollection(TreeSet::new));
      Matcher code = CODE.matcher(row.group(1));
      while (code.find()) {
        out.put(code.group(1), statuses);
      }
    }
    return out;
  }

  private static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "API.md"));
  }
}
