package io.s3panel.examples;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.presign.PresignRequest;
import io.s3panel.core.presign.PresignedUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Presigns a GET for one object, prints the URL, then downloads it with {@link HttpClient} — no AWS SDK
 * and no credentials on the downloading side — and prints the HTTP status and the byte count.
 *
 * <p>What it shows: {@link PresignRequest} with an expiry, {@link S3Account#presign} (local: no network
 * call, no check that the object exists), and that the URL alone is enough to fetch the object. The URL is
 * a bearer credential until it expires: anyone holding it can download the object. It contains the
 * access key id and a signature, never the secret.
 *
 * <p>Run from the repository root, e.g. against a local S3-compatible server:
 *
 * <pre>
 * AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... ./mvnw -q -pl s3panel-examples compile exec:java -Dexec.mainClass=io.s3panel.examples.PresignDownloadExample -Dexec.args="--endpoint http://127.0.0.1:9000 --bucket photos --key 2024/beach.jpg --expires 300"
 * </pre>
 *
 * <p>Exit code 0 when the download answered 200, 1 otherwise (status or error printed), 2 on a wrong
 * command line.
 */
public final class PresignDownloadExample {
  static final String USAGE = String.join("\n",
      "Usage: PresignDownloadExample --bucket NAME --key KEY [--expires SECONDS] [connection options]",
      "  --bucket NAME           bucket of the object (env S3_BUCKET)",
      "  --key KEY               object key (env S3_KEY)",
      "  --expires SECONDS       validity of the URL, 1 to 604800 (default 300)",
      Cli.CONNECTION_USAGE);

  /**
   * What the download got.
   *
   * @param url the presigned URL
   * @param status the HTTP status of the GET
   * @param bytes bytes in the response body
   */
  public record Download(PresignedUrl url, int status, long bytes) {
    /** True for HTTP 200. */
    public boolean ok() {
      return status == 200;
    }
  }

  private PresignDownloadExample() {}

  /** Parses the arguments and runs the example; exits non-zero on failure. */
  public static void main(String[] args) {
    Cli.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the example for a command line and an environment, printing to {@code out} and problems to
   * {@code err}.
   *
   * @return 0 when the download answered 200, 1 when it did not or S3 failed, 2 when the command line is wrong
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Cli cli = Cli.parse(args, env);
      if (!cli.positional().isEmpty()) {
        throw new Cli.UsageException("Unexpected argument '" + cli.positional().get(0) + "'.");
      }
      String bucket = cli.require("bucket", "S3_BUCKET");
      String key = cli.require("key", "S3_KEY");
      Duration expiresIn = Duration.ofSeconds(
          cli.intValue("expires", null, 300, 1, (int) PresignRequest.MAX_EXPIRY.toSeconds()));
      CredentialSet set = cli.credentials();
      Download download;
      try (S3Panel panel = Cli.panel(); S3Account account = panel.open(set)) {
        download = presignAndFetch(account, bucket, key, expiresIn, out);
      }
      if (!download.ok()) {
        err.println("Failed: the presigned GET answered HTTP " + download.status() + ", not 200.");
        return Cli.FAILED;
      }
      return Cli.OK;
    } catch (Cli.UsageException e) {
      return Cli.usage(e, USAGE, err);
    } catch (ValidationException e) {
      return Cli.usage(new Cli.UsageException(e.getMessage()), USAGE, err);
    } catch (S3PanelException e) {
      return Cli.failed(e, err);
    } catch (IOException e) {
      err.println("Failed: the download did not complete: " + e);
      return Cli.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("Failed: interrupted.");
      return Cli.FAILED;
    }
  }

  /**
   * Presigns a GET of {@code bucket}/{@code key} valid for {@code expiresIn}, prints the URL and its
   * expiry, downloads it with a plain {@link HttpClient} (streaming, so the object is never held in
   * memory) and prints the status and the number of bytes received.
   *
   * @throws ValidationException if bucket, key or expiry are out of range
   * @throws IOException if the download fails at the network level
   */
  public static Download presignAndFetch(S3Account account, String bucket, String key, Duration expiresIn,
      PrintStream out) throws IOException, InterruptedException {
    PresignedUrl link = account.presign(PresignRequest.of(b -> b.bucket(bucket).key(key).expiresIn(expiresIn)));
    out.println("Presigned " + link.method() + " for " + bucket + "/" + key + ", valid until " + link.expiresAt() + ":");
    out.println(link.url());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(link.url().toURI()).timeout(Duration.ofMinutes(5)).GET();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("The presigned URL is not a valid URI", e);
    }
    link.signedHeaders().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    long bytes;
    try (InputStream body = response.body()) {
      bytes = body.transferTo(OutputStream.nullOutputStream());
    }
    out.println("GET answered HTTP " + response.statusCode() + " with " + bytes + " bytes"
        + response.headers().firstValue("Content-Type").map(t -> " (" + t + ")").orElse(""));
    return new Download(link, response.statusCode(), bytes);
  }
}
