package io.s3panel.server.auth;

import io.s3panel.server.persistence.User;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that keep usernames unambiguous (SECURITY.md item 29, with {@link User#lower}): the
 * normalised name fits the 150-character key, and it is written in one script — {@code аlice} with a
 * Cyrillic {@code а} is refused. Digits and {@code @.+-_} belong to every script; Japanese (Han, Hiragana,
 * Katakana), Korean (Han, Hangul) and Chinese with Bopomofo are one writing system each.
 */
final class UsernameScripts {
  /** Longest normalised username: the width of {@code users.username_lower}. */
  static final int MAX_KEY = 150;
  private static final List<Set<UnicodeScript>> WRITING_SYSTEMS = List.of(
      EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
      EnumSet.of(UnicodeScript.HAN, UnicodeScript.HANGUL),
      EnumSet.of(UnicodeScript.HAN, UnicodeScript.BOPOMOFO));

  private UsernameScripts() {}

  /** Problems with {@code username} beyond its characters and length, empty when it is unambiguous. */
  static List<String> problems(String username) {
    List<String> out = new ArrayList<>();
    String key = User.lower(username);
    if (key.length() > MAX_KEY) {
      out.add("Ensure this value has at most " + MAX_KEY + " characters once normalised (it has " + key.length()
          + ").");
    }
    Set<UnicodeScript> scripts = scripts(key);
    if (scripts.size() > 1 && WRITING_SYSTEMS.stream().noneMatch(w -> w.containsAll(scripts))) {
      out.add("Enter a username written in one script: it mixes " + names(scripts)
          + " letters, which makes it look like another name.");
    }
    return out;
  }

  /** The scripts of the letters of {@code text}, leaving out those shared by all (digits, punctuation, marks). */
  static Set<UnicodeScript> scripts(String text) {
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    text.codePoints().forEach(cp -> {
      UnicodeScript s = UnicodeScript.of(cp);
      if (s != UnicodeScript.COMMON && s != UnicodeScript.INHERITED && s != UnicodeScript.UNKNOWN) {
        scripts.add(s);
      }
    });
    return scripts;
  }

  private static String names(Set<UnicodeScript> scripts) {
    List<String> names = new ArrayList<>();
    for (UnicodeScript s : scripts) {
      String n = s.name().toLowerCase(java.util.Locale.ROOT);
      names.add(Character.toUpperCase(n.charAt(0)) + n.substring(1));
    }
    return String.join(" and ", names);
  }
}
