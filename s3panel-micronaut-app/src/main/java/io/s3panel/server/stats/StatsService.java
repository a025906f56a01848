package io.s3panel.server.stats;

import io.micronaut.context.BeanProvider;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.stats.BucketUsage;
import io.s3panel.core.stats.ScanListener;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanProgress;
import io.s3panel.core.stats.ScanResult;
import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.TaskKind;
import io.s3panel.server.tasks.TaskContext;
import io.s3panel.server.tasks.TaskHandler;
import io.s3panel.server.tasks.TaskService;
import io.s3panel.server.tasks.WatchedWork;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Storage statistics, the first kind of task: a scan of every bucket of one credential set. A request for a
 * set whose scan is still queued or running gets that scan's task (coalescing).
 */
@Singleton
public final class StatsService implements TaskHandler {
  private final BeanProvider<S3Panel> panel;
  private final BeanProvider<TaskService> tasks;
  private final S3PanelConfig config;
  private final WatchedWork scans = new WatchedWork("s3panel-scan");

  StatsService(BeanProvider<S3Panel> panel, BeanProvider<TaskService> tasks, S3PanelConfig config) {
    this.panel = panel;
    this.tasks = tasks;
    this.config = config;
  }

  /**
   * Starts a scan of every bucket of the caller's set {@code identifier} ({@code null}: the oldest), or
   * returns the id of the scan of that set still queued or running.
   *
   * @throws NotFoundException if the caller has no such set
   * @throws io.s3panel.server.tasks.TaskRefusedException if the caller's cap or the server's queue is full
   */
  public String start(long userId, String identifier) {
    S3Account account = panel.get().account(Long.toString(userId), identifier);
    String set = account.identifier();
    return tasks.get().submit(userId, TaskKind.STATISTICS, set, Map.of(), "statistics:" + userId + ":" + set)
        .taskId();
  }

  @Override
  public TaskKind kind() {
    return TaskKind.STATISTICS;
  }

  @Override
  public Map<String, Object> initialProgress() {
    return progress(0, 0, 0);
  }

  /**
   * Runs the scan as {@link WatchedWork}: a cancel is answered within {@link WatchedWork#CANCEL_CHECK_MS}
   * even while a slow listing call is in flight (the scan, which only reads, stops at its next page).
   */
  @Override
  public Map<String, Object> run(TaskContext context) throws Exception {
    S3Account account = panel.get().account(Long.toString(context.userId()), context.credentialIdentifier());
    return document(scans.run(() -> scan(account, context), context.cancellation(), "The storage scan"));
  }

  private ScanResult scan(S3Account account, TaskContext context) {
    return account.scan(ScanOptions.builder()
        .bucketConcurrency(config.statsBucketConcurrency())
        .cancellation(context.cancellation())
        .listener(new ScanListener() {
          @Override
          public void onProgress(ScanProgress p) {
            context.progress(progress(p.bucketsDone(), p.bucketsTotal(), p.objectsCounted()));
          }
        })
        .build());
  }

  /** Stops scans still winding down after a cancel. */
  @PreDestroy
  void stop() {
    scans.close();
  }

  private static Map<String, Object> progress(int bucketsDone, int bucketsTotal, long objectsCounted) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("buckets_done", bucketsDone);
    p.put("buckets_total", bucketsTotal);
    p.put("objects_counted", objectsCounted);
    return p;
  }

  /** The API's result document: one entry per bucket plus {@code overall_total}. */
  static Map<String, Object> document(ScanResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (BucketUsage u : result.buckets()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("size", SizeLabels.of(u.totalBytes()));
      b.put("count", u.objectCount());
      b.put("size_bytes", u.totalBytes());
      if (!u.ok()) {
        b.put("error", u.reason());
        b.put("error_code", u.error().code());
      }
      doc.put(u.bucket(), b);
    }
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("total_size", SizeLabels.of(result.totalBytes()));
    total.put("total_count", result.totalCount());
    total.put("total_size_bytes", result.totalBytes());
    doc.put("overall_total", total);
    return doc;
  }
}
