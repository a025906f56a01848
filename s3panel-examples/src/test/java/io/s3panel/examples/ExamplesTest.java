package io.s3panel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import io.s3panel.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example program through its command-line entry point against a real S3-compatible server
 * (S3Proxy with SigV4), and checks what it printed and its exit code.
 */
class ExamplesTest {
  private static final String BUCKET = "photos";
  private static final String OTHER_BUCKET = "archive";
  private static final String BEACH = "2024/january/beach photo.jpg";
  private static final String BEACH_BODY = "x".repeat(1536);

  private static S3ProxyServer server;

  private final List<String> outputs = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
    server.bucket(BUCKET)
        .put(BUCKET, "readme.txt", "hello")
        .put(BUCKET, BEACH, BEACH_BODY)
        .put(BUCKET, "2024/january/city.jpg", "city!!!!")
        .put(BUCKET, "2024/notes.txt", "notes")
        .put(BUCKET, "docs/guide.md", "# guide")
        .bucket(OTHER_BUCKET)
        .put(OTHER_BUCKET, "old/a.bin", "0123456789");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Whatever a test ran, neither stream may have shown the secret. */
  @AfterEach
  void secretNeverPrinted() {
    for (String output : outputs) {
      assertThat(output).doesNotContain(server.secretAccessKey());
      assertThat(output).doesNotContain(SealAndOpenExample.EXAMPLE_SECRET);
    }
  }

  // --- SealAndOpenExample ---

  @Test
  void sealAndOpen_printsMaskedKeyAndRefusesTheRowUnderAnotherIdentifier() {
    Run run = run(SealAndOpenExample::run, Map.of(), "--owner", "alice", "--identifier", "prod");

    assertThat(run.code).isZero();
    assertThat(run.out)
        .contains("Keyset: generated")
        .contains("Opened alice/prod: access key id AKIA************MPLE")
        .contains("equal to the set sealed")
        .contains("Opening the copy under alice/staging failed as it should: CredentialUnreadableException")
        .contains("credential_unreadable")
        .doesNotContain(SealAndOpenExample.EXAMPLE_ACCESS_KEY_ID);
  }

  @Test
  void sealAndOpen_sealsTheKeysFromTheEnvironment_withoutPrintingThem() {
    Run run = run(SealAndOpenExample::run, serverEnv(), "--identifier", "minio-dev", "--other-identifier", "minio-prod");

    assertThat(run.code).isZero();
    assertThat(run.out)
        .contains("Opened alice/minio-dev: access key id " + masked(server.accessKeyId()))
        .contains("under alice/minio-prod failed as it should")
        .doesNotContain(server.accessKeyId());
  }

  @Test
  void sealAndOpen_loadsTheKeysetFromAFile(@TempDir Path dir) throws Exception {
    KeysetHandle keyset = Keysets.withNewPrimaryKey(Keysets.generate());
    Path file = dir.resolve("keyset.json");
    Files.writeString(file, Keysets.toCleartextJson(keyset));

    Run run = run(SealAndOpenExample::run, Map.of(), file.toString());

    assertThat(run.code).isZero();
    assertThat(run.out).contains("Keyset: loaded from " + file + " (2 keys, 2 enabled");
  }

  @Test
  void sealAndOpen_savedKeysetLoadsAgain(@TempDir Path dir) {
    Path file = dir.resolve("saved.json");

    Run saved = run(SealAndOpenExample::run, Map.of(), "--save-keyset", file.toString());
    Run loaded = run(SealAndOpenExample::run, Map.of(), file.toString());

    assertThat(saved.code).isZero();
    assertThat(saved.out).contains("Keyset saved to " + file);
    assertThat(loaded.code).isZero();
    assertThat(loaded.out).contains("Keyset: loaded from " + file);
  }

  @Test
  void sealAndOpen_notAKeysetFile_failsWithExitCode1(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("garbage.json");
    Files.writeString(file, "{\"not\": \"a keyset\"}");

    Run run = run(SealAndOpenExample::run, Map.of(), file.toString());

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("not a valid Tink JSON keyset");
  }

  @Test
  void sealAndOpen_methodReportsSuccess() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean ok = SealAndOpenExample.sealAndOpen(Keysets.generate(), new CredentialRef("bob", "main"), "copy",
        credentials(server), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(ok).isTrue();
    outputs.add(bytes.toString(StandardCharsets.UTF_8));
  }

  // --- BrowseBucketExample ---

  @Test
  void browse_printsFoldersAndFilesWithSizesAsATree() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET);

    assertThat(run.code).isZero();
    assertThat(run.out.lines()).containsSubsequence(
        "photos/",
        "  2024/",
        "    january/",
        "      beach photo.jpg  1.500 KB",
        "      city.jpg  8 B",
        "    notes.txt  5 B",
        "  docs/",
        "    guide.md  7 B",
        "  readme.txt  5 B");
    assertThat(run.out).contains("3 folders, 5 files, 1.524 KB in 4 pages").doesNotContain("limits reached");
  }

  @Test
  void browse_pageSizeOne_followsTheNextMarkerThroughEveryPage() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--page-size", "1", "--max-pages", "100");

    assertThat(run.code).isZero();
    assertThat(run.out).contains("      beach photo.jpg  1.500 KB", "      city.jpg  8 B", "  readme.txt  5 B");
    assertThat(run.out).contains("3 folders, 5 files, 1.524 KB in 8 pages");
  }

  @Test
  void browse_maxPages_stopsAndSaysSo() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--page-size", "1", "--max-pages", "1");

    assertThat(run.code).isZero();
    assertThat(run.out).contains("... more entries after 1 pages not shown").contains("limits reached");
    assertThat(run.out).doesNotContain("readme.txt");
  }

  @Test
  void browse_maxDepthOne_namesSubfoldersWithoutOpeningThem() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--max-depth", "1");

    assertThat(run.code).isZero();
    assertThat(run.out).contains("  2024/ ...", "  docs/ ...", "  readme.txt  5 B").doesNotContain("guide.md");
  }

  @Test
  void browse_prefixWithoutSlash_startsInThatFolder() {
    Map<String, String> env = new java.util.HashMap<>(serverEnv());
    env.put("S3_ENDPOINT", server.endpoint().toString());
    env.put("S3_BUCKET", BUCKET);
    env.put("S3_PREFIX", "2024");

    Run run = run(BrowseBucketExample::run, env);

    assertThat(run.code).isZero();
    assertThat(run.out.lines()).containsSubsequence("photos/2024/", "  january/", "    beach photo.jpg  1.500 KB",
        "  notes.txt  5 B");
    assertThat(run.out).doesNotContain("readme.txt").doesNotContain("docs/");
  }

  @Test
  void browse_withoutBucket_printsUsageAndExitsWith2() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString());

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("Missing --bucket (or env S3_BUCKET).").contains("Usage: BrowseBucketExample");
  }

  @Test
  void browse_withoutSecret_printsUsageAndExitsWith2() {
    Run run = run(BrowseBucketExample::run, Map.of("AWS_ACCESS_KEY_ID", server.accessKeyId()),
        "--endpoint", server.endpoint().toString(), "--bucket", BUCKET);

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("set env AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void browse_unknownBucket_exitsWith1AndNamesTheError() {
    Run run = run(BrowseBucketExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", "no-such-bucket");

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("Failed (aws_no_such_bucket)");
  }

  @Test
  void browse_wrongSecret_exitsWith1WithoutPrintingTheSecretTried() {
    String wrong = "wrongSecretValue1234567890abcdefXYZ";
    Run run = run(BrowseBucketExample::run, Map.of("AWS_ACCESS_KEY_ID", server.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", wrong), "--endpoint", server.endpoint().toString(), "--bucket", BUCKET);

    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).contains("Failed (aws_invalid_credentials)");
    assertThat(run.out + run.err).doesNotContain(wrong);
  }

  @Test
  void browse_methodReturnsTheTotals() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (S3Panel panel = panel(); S3Account account = panel.open(credentials(server))) {
      BrowseBucketExample.Totals totals = BrowseBucketExample.browse(account, BUCKET, "",
          BrowseBucketExample.Limits.defaults(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

      assertThat(totals).isEqualTo(new BrowseBucketExample.Totals(3, 5, 1536 + 8 + 5 + 7 + 5, 4, false));
    }
    outputs.add(bytes.toString(StandardCharsets.UTF_8));
  }

  // --- PresignDownloadExample ---

  @Test
  void presign_printsTheUrlAndDownloadsTheObjectWith200AndItsByteCount() {
    Run run = run(PresignDownloadExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--key", BEACH, "--expires", "120");

    assertThat(run.code).isZero();
    assertThat(run.out)
        .contains("Presigned GET for photos/" + BEACH)
        .contains(server.endpoint() + "/photos/2024/january/beach%20photo.jpg?")
        .contains("X-Amz-Expires=120")
        .contains("GET answered HTTP 200 with " + BEACH_BODY.length() + " bytes");
    assertThat(run.err).isEmpty();
  }

  @Test
  void presign_missingObject_reportsTheStatusAndExitsWith1() {
    Run run = run(PresignDownloadExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--key", "no/such/key.txt");

    assertThat(run.code).isEqualTo(1);
    assertThat(run.out).contains("GET answered HTTP 404");
    assertThat(run.err).contains("answered HTTP 404, not 200");
  }

  @Test
  void presign_expiryBeyondSevenDays_printsUsageAndExitsWith2() {
    Run run = run(PresignDownloadExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--bucket", BUCKET, "--key", BEACH, "--expires", "604801");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--expires must be a whole number from 1 to 604800");
  }

  @Test
  void presign_methodReturnsStatusAndBytes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (S3Panel panel = panel(); S3Account account = panel.open(credentials(server))) {
      PresignDownloadExample.Download d = PresignDownloadExample.presignAndFetch(account, BUCKET, "readme.txt",
          Duration.ofMinutes(1), new PrintStream(bytes, true, StandardCharsets.UTF_8));

      assertThat(d.ok()).isTrue();
      assertThat(d.bytes()).isEqualTo(5);
    }
    outputs.add(bytes.toString(StandardCharsets.UTF_8));
  }

  // --- StorageStatsExample ---

  @Test
  void stats_printsProgressAndPerBucketCountsAndSizes() {
    Run run = run(StorageStatsExample::run, serverEnv(), "--endpoint", server.endpoint().toString(),
        "--concurrency", "2");

    assertThat(run.code).isZero();
    assertThat(run.out)
        .contains("done: photos (5 objects, 1.524 KB)")
        .contains("done: archive (1 objects, 10 B)")
        .contains("progress: 2/2 buckets, 6 objects, 1.534 KB");
    assertThat(run.out).containsPattern("archive +1 +10 B")
        .containsPattern("photos +5 +1\\.524 KB")
        .containsPattern("total \\(2 buckets\\) +6 +1\\.534 KB");
  }

  @Test
  void stats_badConcurrency_printsUsageAndExitsWith2() {
    Run run = run(StorageStatsExample::run, serverEnv(), "--concurrency", "0");

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("--concurrency must be a whole number from 1 to 64");
  }

  // --- helpers ---

  private static Map<String, String> serverEnv() {
    return Map.of("AWS_ACCESS_KEY_ID", server.accessKeyId(), "AWS_SECRET_ACCESS_KEY", server.secretAccessKey());
  }

  private static String masked(String value) {
    return value.substring(0, 4) + "*".repeat(value.length() - 8) + value.substring(value.length() - 4);
  }

  /** An example's {@code run(args, env, out, err)}. */
  @FunctionalInterface
  private interface Program {
    int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err);
  }

  private record Run(int code, String out, String err) {}

  private Run run(Program program, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = program.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    outputs.add(run.out);
    outputs.add(run.err);
    return run;
  }

  /** A panel as an application builds it, with the fixture's loopback endpoint allowed. */
  static S3Panel panel() {
    return S3Panel.builder()
        .vault(Vault.create(Keysets.generate()))
        .endpointPolicy(EndpointPolicy.parse("127.0.0.1"))
        .build();
  }

  /** The fixture's account as a credential set. */
  static CredentialSet credentials(S3ProxyServer s3) {
    return CredentialSet.builder().accessKeyId(s3.accessKeyId()).secretAccessKey(s3.secretAccessKey())
        .region(s3.region()).endpoint(s3.endpoint()).pathStyle(true).build();
  }
}
