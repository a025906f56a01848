package io.s3panel.server.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A conservative estimate of how many bits of randomness a secret carries (SECURITY.md item 27), in the
 * spirit of zxcvbn: every character is worth what its alphabet allows (4 bits for hex, 6 for base64,
 * up to log2(95) for printable ASCII), except that a run ({@code abcd}, {@code 4321}, {@code aaaa}), a
 * repeat of an earlier part, a dictionary word or a year costs only what it takes to name it. The result
 * is a lower bound for guessable text and close to the truth for the output of a random generator.
 */
final class SecretStrength {
  /** 32 random bytes. */
  static final int REQUIRED_BITS = 256;
  private static final int MIN_RUN = 4;
  /** What a letter of natural-language text is worth (English carries 1–2.5 bits a letter). */
  private static final double TEXT_BITS = 2.5;
  private static final int MAX_CHECKED = 4096;
  /** Words people build secrets from; the common-password list adds thousands more. */
  private static final String[] SECRET_WORDS = {"secret", "secrets", "super", "jwt", "key", "keys", "token",
      "tokens", "sign", "signing", "signature", "prod", "production", "staging", "stage", "dev", "develop",
      "development", "test", "testing", "example", "sample", "demo", "default", "change", "changeme", "please",
      "password", "passwd", "pass", "admin", "root", "user", "server", "panel", "s3panel", "api", "app",
      "application", "auth", "authentication", "hmac", "sha", "hs256", "private", "public", "random", "string",
      "my", "our", "your", "the", "for", "and", "new", "very", "long", "strong", "safe", "secure", "security",
      "company", "service", "access", "refresh", "session", "cookie", "value", "here", "this", "that", "with",
      "from", "local", "localhost", "docker", "kube", "kubernetes", "aws", "amazon", "bucket", "storage", "minio",
      "micronaut", "spring", "java", "hello", "world", "welcome", "letmein", "qwerty", "asdf", "zxcv", "not",
      "only", "use", "do", "is", "it", "all", "one", "two", "abc", "xyz", "foo", "bar", "baz", "lorem", "ipsum"};
  private static final Set<String> WORDS = load();
  private static final int LONGEST_WORD = WORDS.stream().mapToInt(String::length).max().orElse(1);
  private static final double WORD_BITS = log2(WORDS.size()) + 1;

  private SecretStrength() {}

  /** The estimated randomness of {@code secret}, in bits. */
  static double bits(String secret) {
    int[] cp = secret.codePoints().limit(MAX_CHECKED).toArray();
    String lower = new String(cp, 0, cp.length).toLowerCase(Locale.ROOT);
    int[] low = lower.codePoints().toArray();
    if (low.length != cp.length) {
      low = cp;
    }
    double perChar = perCharacter(cp);
    double total = 0;
    boolean afterWord = false;
    Set<Integer> separators = new HashSet<>();
    int i = 0;
    while (i < cp.length) {
      if (afterWord && isSymbol(cp[i]) && !separators.add(cp[i])) {
        total += 1; // the same separator between words again: my-super-secret, a passphrase's spaces
        i++;
        afterWord = false;
        continue;
      }
      if (cp[i] == '=' && perChar == 6) {
        i++; // base64 padding carries nothing
        continue;
      }
      int bestLen = 1;
      double bestCost = perChar;
      int run = run(cp, i);
      if (run >= MIN_RUN && cheaper(run, perChar + log2(run) + 1, bestLen, bestCost, perChar)) {
        bestLen = run;
        bestCost = perChar + log2(run) + 1;
      }
      int repeat = repeat(cp, i);
      if (repeat >= MIN_RUN && cheaper(repeat, log2(i) + log2(repeat) + 1, bestLen, bestCost, perChar)) {
        bestLen = repeat;
        bestCost = log2(i) + log2(repeat) + 1;
      }
      boolean wordLike = false;
      int text = textRun(cp, i);
      if (text > 0 && cheaper(text, text * TEXT_BITS, bestLen, bestCost, perChar)) {
        bestLen = text;
        bestCost = text * TEXT_BITS;
        wordLike = true;
      }
      int word = word(low, cp, i);
      if (word > 0 && cheaper(word, WORD_BITS, bestLen, bestCost, perChar)) {
        bestLen = word;
        bestCost = WORD_BITS;
        wordLike = true;
      }
      total += bestCost;
      i += bestLen;
      afterWord = wordLike;
    }
    return total;
  }

  private static boolean isSymbol(int c) {
    return c >= ' ' && c < 127 && !Character.isLetterOrDigit(c);
  }

  /**
   * Length of a run of letters starting at {@code i} that reads like natural language: all lower case (or
   * capitalised, or all upper case) and either a word standing between spaces or other separators (3+ letters,
   * a vowel) or 7+ letters, a third of them vowels, which random text rarely has; 0 otherwise. Such text is worth about {@link #TEXT_BITS} per letter, as English is.
   */
  private static int textRun(int[] cp, int i) {
    if (!isAsciiLetter(cp[i])) {
      return 0;
    }
    boolean upper = Character.isUpperCase(cp[i]);
    boolean allUpper = upper && i + 1 < cp.length && Character.isUpperCase(cp[i + 1]);
    int j = i + 1;
    while (j < cp.length && isAsciiLetter(cp[j]) && Character.isUpperCase(cp[j]) == allUpper) {
      j++;
    }
    int len = j - i;
    boolean standsAlone = (i == 0 || isSymbol(cp[i - 1])) && (j == cp.length || isSymbol(cp[j]));
    if (len < (standsAlone ? 3 : 7)) {
      return 0;
    }
    int vowels = 0;
    for (int k = i; k < j; k++) {
      if ("aeiouyAEIOUY".indexOf(cp[k]) >= 0) {
        vowels++;
      }
    }
    return (standsAlone ? vowels >= 1 : vowels * 3 >= len) ? len : 0;
  }

  private static boolean isAsciiLetter(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** True when covering {@code len} characters for {@code cost} saves more than the best choice so far. */
  private static boolean cheaper(int len, double cost, int bestLen, double bestCost, double perChar) {
    return len * perChar - cost > bestLen * perChar - bestCost;
  }

  /** Bits one character is worth, given the alphabet the whole secret is drawn from. */
  private static double perCharacter(int[] cp) {
    boolean hex = true;
    boolean base64 = true;
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean symbol = false;
    boolean other = false;
    for (int c : cp) {
      boolean isHex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
      boolean isB64 = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '+' || c == '/'
          || c == '-' || c == '_' || c == '=';
      hex &= isHex;
      base64 &= isB64;
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c >= ' ' && c < 127) {
        symbol = true;
      } else {
        other = true;
      }
    }
    if (hex) {
      return 4;
    }
    if (base64) {
      return 6;
    }
    int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 128 : 0);
    return log2(alphabet);
  }

  /** Length of the run starting at {@code i} whose code points step by -1, 0 or +1 ({@code abcd}, {@code 9876}). */
  private static int run(int[] cp, int i) {
    if (i + 1 >= cp.length) {
      return 1;
    }
    int step = cp[i + 1] - cp[i];
    if (Math.abs(step) > 1) {
      return 1;
    }
    int j = i + 1;
    while (j + 1 < cp.length && cp[j + 1] - cp[j] == step) {
      j++;
    }
    return j - i + 1;
  }

  /** Length of the longest part starting at {@code i} that already began earlier (overlap allowed). */
  private static int repeat(int[] cp, int i) {
    int best = 0;
    for (int j = 0; j < i; j++) {
      int n = 0;
      while (i + n < cp.length && cp[j + n] == cp[i + n]) {
        n++;
      }
      best = Math.max(best, n);
    }
    return best;
  }

  /**
   * Length of the longest dictionary word (any case, at least 4 letters; 2–3 letter ones in lower or title case)
   * or year (1900–2099) starting at {@code i}; 0 when none.
   */
  private static int word(int[] low, int[] cp, int i) {
    if (i + 4 <= cp.length && isYear(cp, i)) {
      return 4;
    }
    for (int len = Math.min(LONGEST_WORD, low.length - i); len >= 2; len--) {
      String w = new String(low, i, len);
      String original = new String(cp, i, len);
      boolean plainCase = original.equals(w) || original.equals(Character.toUpperCase(w.charAt(0)) + w.substring(1));
      if (WORDS.contains(w) && (len >= 4 || plainCase)) {
        return len;
      }
    }
    return 0;
  }

  private static boolean isYear(int[] cp, int i) {
    for (int k = 0; k < 4; k++) {
      if (cp[i + k] < '0' || cp[i + k] > '9') {
        return false;
      }
    }
    int year = (cp[i] - '0') * 1000 + (cp[i + 1] - '0') * 100 + (cp[i + 2] - '0') * 10 + (cp[i + 3] - '0');
    return year >= 1900 && year <= 2099;
  }

  private static double log2(double x) {
    return Math.log(Math.max(x, 1)) / Math.log(2);
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(Set.of(SECRET_WORDS));
    try (InputStream in = SecretStrength.class.getResourceAsStream("/common-passwords.txt")) {
      if (in != null) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String w = line.strip().toLowerCase(Locale.ROOT);
          if (w.length() >= 4 && w.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            words.add(w);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }
}
