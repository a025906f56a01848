package io.s3panel.server.auth;

import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for usernames and passwords (Django's defaults, which the original API used): usernames of
 * 1–150 letters, digits and {@code @.+-_}; passwords of 8 to 1024 characters, not entirely numeric, not a
 * common password (11,611 known ones), not too similar to the username. Passwords are never truncated.
 */
@Singleton
public final class PasswordPolicy {
  /** Longest accepted password; long enough for any passphrase, short enough to bound hashing work. */
  public static final int MAX_PASSWORD = 1024;
  private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}@.+\\-_]{1,150}");

  private final Set<String> common;

  /** Loads the common-password list from the classpath. */
  public PasswordPolicy() {
    this.common = load();
  }

  /** Problems with {@code username}, empty when it is acceptable. */
  public List<String> usernameProblems(String username) {
    List<String> out = new ArrayList<>();
    if (username == null || username.isEmpty()) {
      out.add("This field is required.");
    } else if (!USERNAME.matcher(username).matches()) {
      out.add("Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters,"
          + " and at most 150 of them.");
    }
    if (out.isEmpty()) {
      out.addAll(UsernameScripts.problems(username));
    }
    return out;
  }

  /** Problems with {@code password} for {@code username}, empty when it is acceptable. */
  public List<String> passwordProblems(String password, String username) {
    List<String> out = new ArrayList<>();
    if (password == null || password.isEmpty()) {
      out.add("This field is required.");
      return out;
    }
    if (password.codePointCount(0, password.length()) < 8) {
      out.add("This password is too short. It must contain at least 8 characters.");
    }
    if (password.length() > MAX_PASSWORD) {
      out.add("This password is too long. It must contain at most " + MAX_PASSWORD + " characters.");
    }
    if (password.chars().allMatch(Character::isDigit)) {
      out.add("This password is entirely numeric.");
    }
    if (common.contains(password.toLowerCase(Locale.ROOT).strip())) {
      out.add("This password is too common.");
    }
    if (username != null && !username.isEmpty() && tooSimilar(password, username)) {
      out.add("The password is too similar to the username.");
    }
    return out;
  }

  /** Like Django's UserAttributeSimilarityValidator: a match ratio of 0.7 or more, or containment. */
  static boolean tooSimilar(String password, String username) {
    String p = password.toLowerCase(Locale.ROOT);
    String u = username.toLowerCase(Locale.ROOT);
    if (u.length() >= 3 && p.contains(u)) {
      return true;
    }
    List<String> parts = new ArrayList<>(List.of(u));
    for (String part : u.split("[\\W_]+")) {
      if (part.length() >= 3) {
        parts.add(part);
      }
    }
    for (String part : parts) {
      if (ratio(p, part) >= 0.7) {
        return true;
      }
    }
    return false;
  }

  /** 2 × (longest-common-subsequence length) / (total length): a close stand-in for difflib's ratio. */
  static double ratio(String a, String b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = a.charAt(i - 1) == b.charAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 2.0 * prev[b.length()] / (a.length() + b.length());
  }

  private static Set<String> load() {
    Set<String> set = new HashSet<>(16_384);
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          set.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return set;
  }
}
