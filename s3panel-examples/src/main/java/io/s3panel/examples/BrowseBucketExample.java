package io.s3panel.examples;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.navigate.FileEntry;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.FolderPageRequest;
import java.io.PrintStream;
import java.util.Map;

/**
 * Walks a bucket folder by folder and prints it as a tree: sub-folders, then files with their sizes.
 *
 * <p>What it shows: {@link S3Panel#open} for a plaintext {@link CredentialSet} (Amazon S3 or any
 * S3-compatible endpoint), {@link FolderPageRequest} with a page size, and paging through a folder by
 * feeding {@link FolderPage#nextMarker()} back as the next request's marker until
 * {@link FolderPage#isLast()}. Folders deeper than {@code --max-depth} are named but not opened, and at
 * most {@code --max-pages} pages are read per folder, so a huge bucket cannot run away.
 *
 * <p>Run from the repository root, e.g. against a local S3-compatible server:
 *
 * <pre>
 * AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... ./mvnw -q -pl s3panel-examples compile exec:java -Dexec.mainClass=io.s3panel.examples.BrowseBucketExample -Dexec.args="--endpoint http://127.0.0.1:9000 --bucket photos --prefix 2024/ --max-depth 3"
 * </pre>
 *
 * <p>Omit {@code --endpoint} for Amazon S3 (then give {@code --region}). Exit code 0 on success, 1 when S3
 * fails (the stable error code is printed), 2 on a wrong command line.
 */
public final class BrowseBucketExample {
  static final String USAGE = String.join("\n",
      "Usage: BrowseBucketExample --bucket NAME [--prefix FOLDER/] [limits] [connection options]",
      "  --bucket NAME           bucket to walk (env S3_BUCKET)",
      "  --prefix FOLDER/        start in this folder (env S3_PREFIX; default the bucket's root)",
      "  --max-depth N           folder levels to open, 1 to 100 (default 3)",
      "  --page-size N           folders and files per request, 1 to 1000 (default 100)",
      "  --max-pages N           pages read per folder, 1 to 100000 (default 10)",
      Cli.CONNECTION_USAGE);

  /**
   * How far the walk goes.
   *
   * @param maxDepth folder levels opened, the starting folder being level 1
   * @param pageSize folders and files per request (1 to 1000)
   * @param maxPages pages read per folder before the rest of it is skipped
   */
  public record Limits(int maxDepth, int pageSize, int maxPages) {
    /** Three levels, 100 entries a page, 10 pages per folder. */
    public static Limits defaults() {
      return new Limits(3, 100, 10);
    }
  }

  /**
   * What the walk saw.
   *
   * @param folders folders printed
   * @param files files printed
   * @param bytes total size of the files printed
   * @param pages folder pages requested
   * @param truncated true when a depth or page limit left something out
   */
  public record Totals(int folders, int files, long bytes, int pages, boolean truncated) {}

  private BrowseBucketExample() {}

  /** Parses the arguments and runs the example; exits non-zero on failure. */
  public static void main(String[] args) {
    Cli.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the example for a command line and an environment, printing the tree to {@code out} and
   * problems to {@code err}.
   *
   * @return 0 on success, 1 when S3 failed, 2 when the command line is wrong
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Cli cli = Cli.parse(args, env);
      if (!cli.positional().isEmpty()) {
        throw new Cli.UsageException("Unexpected argument '" + cli.positional().get(0) + "'.");
      }
      String bucket = cli.require("bucket", "S3_BUCKET");
      String prefix = cli.get("prefix", "S3_PREFIX", "");
      Limits limits = new Limits(
          cli.intValue("max-depth", null, 3, 1, 100),
          cli.intValue("page-size", null, 100, 1, FolderPageRequest.MAX_MAX_KEYS),
          cli.intValue("max-pages", null, 10, 1, 100_000));
      CredentialSet set = cli.credentials();
      try (S3Panel panel = Cli.panel(); S3Account account = panel.open(set)) {
        browse(account, bucket, prefix, limits, out);
      }
      return Cli.OK;
    } catch (Cli.UsageException e) {
      return Cli.usage(e, USAGE, err);
    } catch (ValidationException e) {
      return Cli.usage(new Cli.UsageException(e.getMessage()), USAGE, err);
    } catch (S3PanelException e) {
      return Cli.failed(e, err);
    }
  }

  /**
   * Prints {@code bucket} from {@code prefix} down as an indented tree: each folder's sub-folders (each
   * opened in turn while within {@code limits.maxDepth()}), then its files with their sizes, then a
   * summary line. A prefix without a trailing {@code /} gets one.
   *
   * @throws S3PanelException when S3 refuses or fails, e.g. {@code NoSuchBucketException}
   */
  public static Totals browse(S3Account account, String bucket, String prefix, Limits limits, PrintStream out) {
    String start = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? nullToEmpty(prefix) : prefix + "/";
    Walk walk = new Walk(account, bucket, limits, out);
    walk.header = bucket + "/" + start; // printed once the first page has arrived
    walk.folder(start, 1);
    Totals totals = new Totals(walk.folders, walk.files, walk.bytes, walk.pages, walk.truncated);
    out.println();
    out.println(totals.folders() + " folders, " + totals.files() + " files, " + Cli.size(totals.bytes())
        + " in " + totals.pages() + " pages" + (totals.truncated() ? " (limits reached; not everything shown)" : ""));
    return totals;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** One walk's state: the counters and the printing. */
  private static final class Walk {
    private final S3Account account;
    private final String bucket;
    private final Limits limits;
    private final PrintStream out;
    int folders;
    int files;
    long bytes;
    int pages;
    boolean truncated;
    String header;

    Walk(S3Account account, String bucket, Limits limits, PrintStream out) {
      this.account = account;
      this.bucket = bucket;
      this.limits = limits;
      this.out = out;
    }

    /** Lists {@code prefix}, which sits at {@code depth} (1 for the starting folder), page by page. */
    void folder(String prefix, int depth) {
      String indent = "  ".repeat(depth);
      FolderPageRequest request = FolderPageRequest.builder()
          .bucket(bucket)
          .prefix(prefix)
          .maxKeys(limits.pageSize())
          .includeGrants(false) // one ACL call per file otherwise; a tree does not need them
          .build();
      for (int read = 1; ; read++) {
        FolderPage page = account.folderPage(request);
        pages++;
        if (header != null) {
          out.println(header);
          header = null;
        }
        for (String sub : page.folders()) {
          folders++;
          String name = sub.substring(prefix.length());
          if (depth < limits.maxDepth()) {
            out.println(indent + name);
            folder(sub, depth + 1);
          } else {
            out.println(indent + name + " ...");
            truncated = true;
          }
        }
        for (FileEntry file : page.files()) {
          files++;
          bytes += file.size();
          String name = file.key().substring(prefix.length());
          out.println(indent + (name.isEmpty() ? "(folder marker object)" : name) + "  " + Cli.size(file.size()));
        }
        if (page.isLast()) {
          return;
        }
        if (read >= limits.maxPages()) {
          out.println(indent + "... more entries after " + read + " pages not shown");
          truncated = true;
          return;
        }
        request = request.toBuilder().marker(page.nextMarker()).build();
      }
    }
  }
}
