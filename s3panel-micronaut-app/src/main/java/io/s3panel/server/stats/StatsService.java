package io.s3panel.server.stats;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.stats.BucketUsage;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.core.stats.ScanListener;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanProgress;
import io.s3panel.core.stats.ScanResult;
import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.StatsTask;
import io.s3panel.server.persistence.StatsTaskRepository;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage statistics tasks: persisted records, scans on a bounded pool, progress and heartbeats written
 * while they run, and a sweeper that fails tasks whose runner died (this or another instance), so no
 * task stays "running" forever. Safe with several instances on one database: every state change is a
 * conditional update.
 */
@Context
public final class StatsService {
  private static final Logger LOG = LoggerFactory.getLogger(StatsService.class);
  private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{32}");
  static final String STALE_MESSAGE =
      "The server running this task stopped before it finished. Start the statistics again.";
  static final String SHUTDOWN_MESSAGE = "The server stopped before this task finished. Start the statistics again.";
  private static final long PROGRESS_WRITE_INTERVAL_MS = 500;

  private final BeanProvider<S3Panel> panel;
  private final StatsTaskRepository tasks;
  private final S3PanelConfig config;
  private final Clock clock;
  private final JsonMapper json;
  private final String instanceId;
  private final ExecutorService scans;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  StatsService(BeanProvider<S3Panel> panel, StatsTaskRepository tasks, S3PanelConfig config, Clock clock, JsonMapper json) {
    this.panel = panel;
    this.tasks = tasks;
    this.config = config;
    this.clock = clock;
    this.json = json;
    this.instanceId = "instance-" + newId().substring(0, 12);
    AtomicInteger n = new AtomicInteger();
    this.scans = new ThreadPoolExecutor(config.statsConcurrentScans(), config.statsConcurrentScans(), 0,
        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "s3panel-stats-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Starts a scan of every bucket of the caller's set {@code identifier} ({@code null}: the oldest).
   *
   * @throws NotFoundException if the caller has no such set
   */
  public String start(long userId, String identifier) {
    S3Account account = panel.get().account(Long.toString(userId), identifier);
    String id = newId();
    Instant now = clock.instant();
    tasks.save(StatsTask.start(id, userId, account.identifier(), instanceId, now));
    Running r = new Running(id);
    running.put(id, r);
    try {
      scans.execute(() -> run(r, account));
    } catch (RuntimeException e) {
      running.remove(id);
      tasks.finish(id, StatsTask.FAILED, null, "The server is shutting down; start the statistics again.", now);
    }
    return id;
  }

  /** The caller's task; another user's or a malformed id is simply not found. */
  public StatsTask status(long userId, String taskId) {
    if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
      throw new NotFoundException("No statistics task with that id.");
    }
    return tasks.findByIdAndUserId(taskId, userId)
        .orElseThrow(() -> new NotFoundException("No statistics task with that id."));
  }

  /** The stored result document of a completed task, as a map for the response. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> result(StatsTask task) {
    try {
      return json.readValue(task.resultJson(), Map.class);
    } catch (IOException e) {
      throw new IllegalStateException("A stored statistics result is not valid JSON", e);
    }
  }

  private void run(Running r, S3Account account) {
    Instant started = clock.instant();
    try {
      ScanResult result = account.scan(ScanOptions.builder()
          .bucketConcurrency(config.statsBucketConcurrency())
          .cancellation(r.cancellation)
          .listener(new ScanListener() {
            @Override
            public void onProgress(ScanProgress progress) {
              r.progress.set(progress);
              long nowMs = System.currentTimeMillis();
              if (nowMs - r.lastWrite >= PROGRESS_WRITE_INTERVAL_MS) {
                r.lastWrite = nowMs;
                writeProgress(r);
              }
            }
          })
          .build());
      tasks.finish(r.id, StatsTask.COMPLETED, json.writeValueAsString(document(result)), null, clock.instant());
      LOG.info("Statistics task {} completed: {} buckets, {} objects in {} ms.", r.id, result.buckets().size(),
          result.totalCount(), clock.instant().toEpochMilli() - started.toEpochMilli());
    } catch (S3PanelException e) {
      String message = r.shutdown ? SHUTDOWN_MESSAGE : e.getMessage();
      tasks.finish(r.id, StatsTask.FAILED, null, truncate(message), clock.instant());
      LOG.info("Statistics task {} failed: {}", r.id, e.code().code());
    } catch (IOException | RuntimeException e) {
      LOG.error("Statistics task {} failed unexpectedly", r.id, e);
      tasks.finish(r.id, StatsTask.FAILED, null, "The statistics could not be computed because of an internal"
          + " error. Try again later.", clock.instant());
    } finally {
      running.remove(r.id);
    }
  }

  private void writeProgress(Running r) {
    ScanProgress p = r.progress.get();
    try {
      tasks.updateProgress(r.id, p == null ? 0 : p.bucketsDone(), p == null ? 0 : p.bucketsTotal(),
          p == null ? 0 : p.objectsCounted(), clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Could not record progress of statistics task {}: {}", r.id, e.getMessage());
    }
  }

  /** Keeps this instance's tasks (queued ones too) alive in the database. */
  @Scheduled(fixedDelay = "${s3panel.stats-heartbeat:5s}", initialDelay = "1s")
  void heartbeat() {
    running.values().forEach(this::writeProgress);
  }

  /** Fails tasks whose runner stopped sending heartbeats, and forgets old finished ones. */
  @Scheduled(fixedDelay = "${s3panel.stats-sweep-interval:15s}", initialDelay = "2s")
  void sweep() {
    Instant now = clock.instant();
    try {
      int failed = tasks.failStale(now.minus(config.statsStaleAfter()), STALE_MESSAGE, now);
      if (failed > 0) {
        LOG.warn("{} statistics task(s) had no live runner and were marked failed.", failed);
      }
      tasks.deleteFinishedBefore(now.minus(config.statsRetention()));
    } catch (RuntimeException e) {
      LOG.warn("The statistics sweep failed: {}", e.getMessage());
    }
  }

  /** On shutdown, running tasks are stopped and recorded as failed with a message. */
  @PreDestroy
  void stop() {
    running.values().forEach(r -> {
      r.shutdown = true;
      r.cancellation.cancel();
    });
    scans.shutdown();
    try {
      scans.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant now = clock.instant();
    for (Running r : running.values()) {
      try {
        tasks.finish(r.id, StatsTask.FAILED, null, SHUTDOWN_MESSAGE, now);
      } catch (RuntimeException e) {
        LOG.warn("Could not record the end of statistics task {}: {}", r.id, e.getMessage());
      }
    }
    scans.shutdownNow();
  }

  /** The API's result document: one entry per bucket plus {@code overall_total}. */
  static Map<String, Object> document(ScanResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (BucketUsage u : result.buckets()) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("size", u.humanSize());
      b.put("count", u.objectCount());
      b.put("size_bytes", u.totalBytes());
      if (!u.ok()) {
        b.put("error", u.reason());
        b.put("error_code", u.error().code());
      }
      doc.put(u.bucket(), b);
    }
    Map<String, Object> total = new LinkedHashMap<>();
    total.put("total_size", result.humanTotalSize());
    total.put("total_count", result.totalCount());
    total.put("total_size_bytes", result.totalBytes());
    doc.put("overall_total", total);
    return doc;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }

  private String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The live state of one task run by this instance. */
  private static final class Running {
    final String id;
    final Cancellation cancellation = new Cancellation();
    final AtomicReference<ScanProgress> progress = new AtomicReference<>();
    volatile long lastWrite;
    volatile boolean shutdown;

    Running(String id) {
      this.id = id;
    }
  }
}
