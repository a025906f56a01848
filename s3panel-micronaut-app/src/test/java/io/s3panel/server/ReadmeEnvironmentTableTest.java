package io.s3panel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every environment variable the server reads is documented in the README's configuration table. */
class ReadmeEnvironmentTableTest {
  private static final Pattern VARIABLE = Pattern.compile("S3PANEL_[A-Z0-9_]+");

  @Test
  void everyVariableTheServerReads_isInTheReadmeTable() throws IOException {
    Set<String> read = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".java")).toList()) {
        collect(Files.readString(f), read);
      }
    }
    Set<String> tableRows = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      if (line.startsWith("| `S3PANEL_")) {
        collect(line, tableRows); // a row may also name a former name of its variable
      }
    }
    assertThat(read).as("variables in application.yml and the server's sources").isNotEmpty();
    assertThat(tableRows).as("variables with a row in the README's table").containsAll(read);
  }

  private static void collect(String text, Set<String> into) {
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      into.add(m.group());
    }
  }
}
