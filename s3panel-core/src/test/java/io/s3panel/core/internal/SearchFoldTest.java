package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The search's fast ASCII match gives exactly what folding every key (NFC, then lower case) would. */
class SearchFoldTest {
  private static final String[] PIECES = {"a", "A", "b", "Z", "z", "9", "/", "-", ".", " ", "é", "É", "e\u0301",
      "E\u0301", "ß", "İ", "ı", "K", "\u212A", "obj", "OBJ", "\uD83D\uDE00"};

  @Test
  void fastPath_agreesWithFoldingEveryKey() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String key = randomString(random, 12);
      String needle = DefaultObjectOperations.fold(randomString(random, 3));
      boolean expected = DefaultObjectOperations.fold(key).contains(needle);
      assertThat(DefaultObjectOperations.containsFolded(key, needle, needle.chars().allMatch(c -> c < 0x80)))
          .as("key %s needle %s", key, needle).isEqualTo(expected);
    }
  }

  @Test
  void examples() {
    for (List<Object> c : List.<List<Object>>of(
        List.of("photos/Beach-1.JPG", "beach", true),
        List.of("photos/Beach-1.JPG", ".jpg", true),
        List.of("photos/Beach-1.JPG", "beach-2", false),
        List.of("Été/x", "été", true),
        List.of("E\u0301te\u0301/x", "été", true),
        List.of("ete/x", "été", false),
        List.of("short", "longer than the key", false),
        List.of("any", "", true))) {
      String needle = DefaultObjectOperations.fold((String) c.get(1));
      assertThat(DefaultObjectOperations.containsFolded((String) c.get(0), needle,
          needle.chars().allMatch(ch -> ch < 0x80))).as(c.toString()).isEqualTo(c.get(2));
    }
  }

  private static String randomString(Random random, int maxPieces) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(maxPieces + 1);
    boolean ascii = random.nextInt(3) > 0;
    for (int i = 0; i < n; i++) {
      String p = PIECES[random.nextInt(PIECES.length)];
      if (ascii && p.chars().anyMatch(c -> c >= 0x80)) {
        p = "x";
      }
      b.append(p);
    }
    return b.toString();
  }
}
