package io.s3panel.examples;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.stats.BucketUsage;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.core.stats.ScanListener;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanProgress;
import io.s3panel.core.stats.ScanResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts the objects and bytes of every bucket of an account, printing progress while the scan runs and
 * a per-bucket table at the end.
 *
 * <p>What it shows: {@link S3Account#scan} with {@link ScanOptions}: several buckets listed at once, a
 * {@link ScanListener} hearing progress from the scan's worker threads (so it must be thread-safe and
 * quick), and a {@link Cancellation} that stops the scan after {@code --max-seconds}. A bucket that cannot
 * be read is reported with its error code while the others are counted.
 *
 * <p>Run from the repository root, e.g. against a local S3-compatible server:
 *
 * <pre>
 * AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... ./mvnw -q -pl s3panel-examples compile exec:java -Dexec.mainClass=io.s3panel.examples.StorageStatsExample -Dexec.args="--endpoint http://127.0.0.1:9000 --concurrency 4"
 * </pre>
 *
 * <p>Exit code 0 when every bucket was counted, 1 when one failed or the scan was cancelled or failed,
 * 2 on a wrong command line.
 */
public final class StorageStatsExample {
  static final String USAGE = String.join("\n",
      "Usage: StorageStatsExample [--concurrency N] [--max-seconds N] [connection options]",
      "  --concurrency N         buckets scanned at once, 1 to 64 (default 4)",
      "  --max-seconds N         cancel the scan after this long (default: no limit)",
      Cli.CONNECTION_USAGE);

  private StorageStatsExample() {}

  /** Parses the arguments and runs the example; exits non-zero on failure. */
  public static void main(String[] args) {
    Cli.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the example for a command line and an environment, printing to {@code out} and problems to
   * {@code err}.
   *
   * @return 0 when every bucket was counted, 1 otherwise, 2 when the command line is wrong
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Cli cli = Cli.parse(args, env);
      if (!cli.positional().isEmpty()) {
        throw new Cli.UsageException("Unexpected argument '" + cli.positional().get(0) + "'.");
      }
      int concurrency = cli.intValue("concurrency", null, 4, 1, 64);
      int maxSeconds = cli.intValue("max-seconds", null, 0, 1, 86_400);
      CredentialSet set = cli.credentials();
      ScanResult result;
      try (S3Panel panel = Cli.panel(); S3Account account = panel.open(set)) {
        result = scan(account, concurrency, maxSeconds, out);
      }
      long failed = result.buckets().stream().filter(b -> !b.ok()).count();
      if (failed > 0) {
        err.println("Failed: " + failed + " bucket(s) could not be counted.");
        return Cli.FAILED;
      }
      return Cli.OK;
    } catch (Cli.UsageException e) {
      return Cli.usage(e, USAGE, err);
    } catch (OperationCancelledException e) {
      err.println("Cancelled: the scan took longer than --max-seconds.");
      return Cli.FAILED;
    } catch (S3PanelException e) {
      return Cli.failed(e, err);
    }
  }

  /**
   * Scans every bucket, {@code concurrency} at a time, printing progress lines to {@code out} as buckets
   * finish and at most twice a second in between, then one line per bucket and the totals.
   *
   * @param maxSeconds cancel after this many seconds; 0 for no limit
   * @throws OperationCancelledException when the time limit cancelled the scan
   * @throws S3PanelException when the buckets cannot be listed or S3 fails for the whole account
   */
  public static ScanResult scan(S3Account account, int concurrency, int maxSeconds, PrintStream out) {
    Cancellation cancellation = new Cancellation();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scan-timer");
      t.setDaemon(true);
      return t;
    });
    if (maxSeconds > 0) {
      timer.schedule(cancellation::cancel, maxSeconds, TimeUnit.SECONDS);
    }
    try {
      ScanResult result = account.scan(ScanOptions.builder()
          .bucketConcurrency(concurrency)
          .listener(new PrintingListener(out))
          .cancellation(cancellation)
          .build());
      out.println();
      out.printf(Locale.ROOT, "%-40s %12s %14s%n", "bucket", "objects", "size");
      for (BucketUsage b : result.buckets()) {
        if (b.ok()) {
          out.printf(Locale.ROOT, "%-40s %12d %14s%n", b.bucket(), b.objectCount(), Cli.size(b.totalBytes()));
        } else {
          out.printf(Locale.ROOT, "%-40s %s: %s%n", b.bucket(), b.error().code(), b.reason());
        }
      }
      out.printf(Locale.ROOT, "%-40s %12d %14s%n", "total (" + result.buckets().size() + " buckets)",
          result.totalCount(), Cli.size(result.totalBytes()));
      return result;
    } finally {
      timer.shutdownNow();
    }
  }

  /** Prints progress; called from several scan threads at once, so it synchronizes and stays quick. */
  private static final class PrintingListener implements ScanListener {
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private final PrintStream out;
    private long lastPrinted = System.nanoTime();

    PrintingListener(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void onProgress(ScanProgress p) {
      long now = System.nanoTime();
      if (now - lastPrinted >= QUIET_NANOS || p.bucketsDone() == p.bucketsTotal()) {
        lastPrinted = now;
        out.printf(Locale.ROOT, "progress: %d/%d buckets, %d objects, %s%n",
            p.bucketsDone(), p.bucketsTotal(), p.objectsCounted(), Cli.size(p.bytesCounted()));
      }
    }

    @Override
    public synchronized void onBucketDone(BucketUsage usage) {
      out.println("done: " + usage.bucket() + (usage.ok()
          ? " (" + usage.objectCount() + " objects, " + Cli.size(usage.totalBytes()) + ")"
          : " FAILED " + usage.error().code()));
    }
  }
}
