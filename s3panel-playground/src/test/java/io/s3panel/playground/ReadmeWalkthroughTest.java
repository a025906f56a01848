package io.s3panel.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try it without an AWS account" walk-through, run exactly as written with bash against a
 * running {@link Playground}: every step must succeed and show what the README promises.
 */
class ReadmeWalkthroughTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void walkthrough_runsAgainstThePlayground(@TempDir Path dataDir, @TempDir Path workDir) throws Exception {
    String block = walkthroughBlock(Files.readString(README, StandardCharsets.UTF_8));
    Path script = workDir.resolve("walkthrough.sh");
    Files.writeString(script, block, StandardCharsets.UTF_8);

    try (Playground.Running playground = Playground.start(0, dataDir)) {
      assertThat(playground.envFile()).exists();
      ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
          .directory(workDir.toFile())
          .redirectErrorStream(true);
      pb.environment().put("BASE", "http://127.0.0.1:" + playground.port());
      pb.environment().put("S3_ENV", playground.envFile().toString());
      Process process = pb.start();
      // Read while it runs: the output must not fill the pipe and block the script.
      byte[][] output = new byte[1][];
      Thread reader = new Thread(() -> {
        try {
          output[0] = process.getInputStream().readAllBytes();
        } catch (IOException e) {
          output[0] = ("reading the output failed: " + e).getBytes(StandardCharsets.UTF_8);
        }
      });
      reader.start();
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      reader.join(10_000);
      String out = output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8);

      assertThat(finished).as("the walk-through finished within 180 s; output:\n" + out).isTrue();
      assertThat(process.exitValue()).as("exit code; output:\n" + out).isZero();
      assertThat(out)
          .as("register").contains("{\"message\":\"Registered successfully\"}")
          .as("add credentials").contains("\"identifier\":\"sandbox\"").contains("\"aws_access_key_id\":\"AKIA****")
          .as("list buckets").contains("\"bucket_name\":\"photos\"", "\"bucket_name\":\"docs\"",
              "\"bucket_name\":\"backups\"")
          .as("open a folder").contains("\"folders\":[\"2024/summer holiday/\",\"2024/été/\"]")
          .contains("\"file\":\"2024/notes.txt\"")
          .as("presigned download").contains(Playground.WELCOME.strip())
          .as("statistics").contains("\"status\":\"completed\"")
          .contains("\"total_count\":" + playground.objectCount())
          .as("task list").contains("\"kind\":\"statistics\"")
          .as("upload").contains("\"key\":\"inbox/hello from curl.txt\",\"size\":28")
          .as("download").contains("Hello from the walk-through\nHello")
          .as("search").contains("{\"key\":\"inbox/hello from curl.txt\",\"size\":28")
          .as("the secret never shows").doesNotContain(playground.secretAccessKey());
    }
  }

  /** The one bash block of the playground section that reads {@code BASE}. */
  static String walkthroughBlock(String readme) {
    int start = readme.indexOf("<!-- playground:start -->");
    int end = readme.indexOf("<!-- playground:end -->");
    assertThat(start).as("playground markers in README.md").isNotNegative().isLessThan(end);
    Matcher m = Pattern.compile("(?ms)^```bash\\n(.*?)^```$").matcher(readme.substring(start, end));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).contains("BASE=${BASE:-")) {
        blocks.add(m.group(1));
      }
    }
    assertThat(blocks).as("bash blocks reading BASE in the playground section").hasSize(1);
    return blocks.get(0);
  }
}
