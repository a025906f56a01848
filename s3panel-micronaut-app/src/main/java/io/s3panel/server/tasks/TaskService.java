package io.s3panel.server.tasks;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.s3panel.core.ConflictException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.server.persistence.TaskKind;
import io.s3panel.server.persistence.TaskRepository;
import io.s3panel.server.persistence.TaskRow;
import io.s3panel.server.persistence.TaskStatus;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task machinery shared by every kind of background task: submission with a per-user cap, a bounded
 * queue and coalescing; fair claiming across users by any instance sharing the database; a bounded worker
 * pool; throttled progress writes and heartbeats; cancellation within a second; a sweeper that fails the
 * tasks of a dead instance; retention of finished tasks. Every state change is a conditional statement, so
 * several instances on one database never both claim or finish a task.
 */
@Context
public final class TaskService {
  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
  private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{32}");
  /** Message of a task whose server stopped sending heartbeats. */
  public static final String STALE_MESSAGE = "The server running this task stopped before it finished. Start it again.";
  /** Message of a task still running when its server shut down. */
  public static final String SHUTDOWN_MESSAGE = "The server stopped before this task finished. Start it again.";
  private static final String INTERNAL_MESSAGE =
      "The task could not be completed because of an internal error. Try again later.";
  private static final Duration USER_RETRY_AFTER = Duration.ofSeconds(10);
  private static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(30);

  private final TaskRepository tasks;
  private final Map<TaskKind, TaskHandler> handlers = new EnumMap<>(TaskKind.class);
  private final TaskConfig config;
  private final Clock clock;
  private final JsonMapper json;
  private final TransactionOperations<Connection> tx;
  private final String instanceId;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Semaphore slots;
  private final ExecutorService workers;
  private final ScheduledExecutorService dispatcher;
  private final ScheduledExecutorService upkeep;
  private volatile boolean stopping;

  TaskService(TaskRepository tasks, List<TaskHandler> handlers, TaskConfig config, Clock clock, JsonMapper json,
      TransactionOperations<Connection> tx) {
    this.tasks = tasks;
    for (TaskHandler h : handlers) {
      if (this.handlers.put(h.kind(), h) != null) {
        throw new IllegalStateException("Two handlers for task kind " + h.kind().wire());
      }
    }
    this.config = config;
    this.clock = clock;
    this.json = json;
    this.tx = tx;
    this.instanceId = "instance-" + newId().substring(0, 12);
    this.slots = new Semaphore(config.workers());
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(config.workers(), r -> daemon(r, "s3panel-task-" + n.incrementAndGet()));
    this.dispatcher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "s3panel-task-dispatch"));
    // Own threads rather than @Scheduled: they stop with this bean and never outlive its context.
    this.upkeep = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "s3panel-task-upkeep"));
    if (config.dispatch()) {
      long poll = Math.max(10, config.pollInterval().toMillis());
      dispatcher.scheduleWithFixedDelay(this::dispatch, poll, poll, TimeUnit.MILLISECONDS);
    }
    long beat = Math.max(10, config.heartbeat().toMillis());
    upkeep.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long sweep = Math.max(10, config.sweepInterval().toMillis());
    upkeep.scheduleWithFixedDelay(this::sweep, Math.min(sweep, 2000), sweep, TimeUnit.MILLISECONDS);
  }

  /** The outcome of a submission: the task's id, and whether it is an existing task doing the same work. */
  public record Submitted(String taskId, boolean coalesced) {}

  /**
   * Queues a task of {@code kind} for the user. With a {@code coalesceKey}, a queued or running task with
   * the same key is returned instead of a new one (atomic, also across instances: the user's submissions
   * are serialised by a row lock, and the key is unique while a task is active).
   *
   * @param coalesceKey what the task works on, scoped to the user (e.g. {@code statistics:<user>:<set>}),
   *     or {@code null} to never coalesce
   * @throws TaskRefusedException when the user's cap or the server's queue is full
   */
  public Submitted submit(long userId, TaskKind kind, @Nullable String credentialIdentifier,
      Map<String, Object> parameters, @Nullable String coalesceKey) {
    TaskHandler handler = handlers.get(kind);
    if (handler == null) {
      throw new IllegalStateException("No handler for task kind " + kind.wire());
    }
    String paramsJson = parameters.isEmpty() ? null : write(parameters);
    String progressJson = write(handler.initialProgress());
    Submitted submitted = tx.executeWrite(status -> {
      tasks.lockUser(userId);
      if (coalesceKey != null) {
        Optional<TaskRow> same = tasks.findByActiveKey(coalesceKey);
        if (same.isPresent()) {
          return new Submitted(same.get().id(), true);
        }
      }
      long active = tasks.countActiveByUser(userId);
      if (active >= config.perUserMax()) {
        throw new TaskRefusedException(true, "You already have " + active + " tasks queued or running, the most"
            + " one user may have (" + config.perUserMax() + "). Wait for one to finish or cancel one"
            + " (DELETE /api/tasks/{task_id}), then try again.", USER_RETRY_AFTER);
      }
      if (tasks.countQueued() >= config.queueMax()) {
        throw new TaskRefusedException(false, "The server has too many tasks waiting. Try again in a minute.",
            QUEUE_RETRY_AFTER);
      }
      String id = newId();
      tasks.save(TaskRow.queued(id, userId, kind, credentialIdentifier, coalesceKey, paramsJson, progressJson,
          clock.instant()));
      return new Submitted(id, false);
    });
    if (!submitted.coalesced()) {
      wake();
    }
    return submitted;
  }

  /** The caller's task; another user's or a malformed id is simply not found. */
  public TaskRow status(long userId, String taskId) {
    if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
      throw new NotFoundException("No task with that id.");
    }
    return tasks.findByIdAndUserId(taskId, userId).orElseThrow(() -> new NotFoundException("No task with that id."));
  }

  /** The caller's newest tasks, newest first, at most {@code list-limit}; {@code status} {@code null} for all. */
  public List<TaskRow> list(long userId, @Nullable TaskStatus status) {
    return status == null
        ? tasks.listByUser(userId, config.listLimit())
        : tasks.listByUserAndStatus(userId, status, config.listLimit());
  }

  /**
   * Asks the caller's task to stop. A queued task is cancelled at once; a running one stops within about a
   * second (on whichever instance runs it) and then reads {@code cancelled} with what it had done.
   *
   * @throws NotFoundException if it is not the caller's task
   * @throws ConflictException if it has already finished
   */
  public void cancel(long userId, String taskId) {
    for (int attempt = 0; attempt < 5; attempt++) {
      TaskRow task = status(userId, taskId);
      if (task.status().finished()) {
        throw new ConflictException("This task has already finished (" + task.status().wire()
            + "); there is nothing to cancel.");
      }
      Instant now = clock.instant();
      if (task.status() == TaskStatus.QUEUED && tasks.cancelQueued(taskId, now) == 1) {
        return;
      }
      if (task.status() == TaskStatus.RUNNING && tasks.requestCancel(taskId, now) == 1) {
        Running r = running.get(taskId);
        if (r != null) {
          r.cancellation.cancel();
        }
        return;
      }
    }
    throw new ConflictException("This task changed state while it was being cancelled; look at its status.");
  }

  /** A stored JSON object (progress or result) as a map; {@code null} stays {@code null}. */
  @SuppressWarnings("unchecked")
  public @Nullable Map<String, Object> document(@Nullable String stored) {
    if (stored == null) {
      return null;
    }
    try {
      return json.readValue(stored, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException("A stored task document is not valid JSON", e);
    }
  }

  /** This server instance's name in {@code tasks.owner_instance}. */
  public String instanceId() {
    return instanceId;
  }

  private void wake() {
    try {
      dispatcher.execute(this::dispatch);
    } catch (RejectedExecutionException e) {
      LOG.debug("Task dispatcher stopped; not woken.");
    }
  }

  /** Runs on the dispatcher thread only: forwards cancel requests, then claims work while workers are free. */
  private void dispatch() {
    if (stopping || !config.dispatch()) {
      return;
    }
    try {
      if (!running.isEmpty()) {
        for (String id : tasks.cancelRequestedOn(instanceId)) {
          Running r = running.get(id);
          if (r != null) {
            r.cancellation.cancel();
          }
        }
      }
      while (!stopping && slots.tryAcquire()) {
        boolean started = false;
        try {
          Optional<TaskRow> claimed = claimNext();
          if (claimed.isPresent()) {
            start(claimed.get());
            started = true;
          }
        } finally {
          if (!started) {
            slots.release();
          }
        }
        if (!started) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("The task dispatcher could not reach the database: {}", e.getMessage());
    }
  }

  private Optional<TaskRow> claimNext() {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<TaskRow> next = tasks.nextQueued(config.perUserRunning());
      if (next.isEmpty()) {
        return next;
      }
      if (tasks.claim(next.get().id(), instanceId, clock.instant()) == 1) {
        return next;
      }
    }
    return Optional.empty();
  }

  private void start(TaskRow row) {
    Running r = new Running(row, document(row.paramsJson()), document(row.progressJson()));
    running.put(row.id(), r);
    if (row.cancelRequested()) {
      r.cancellation.cancel();
    }
    try {
      workers.execute(() -> run(r));
    } catch (RejectedExecutionException e) {
      running.remove(row.id());
      tasks.finish(row.id(), TaskStatus.FAILED, null, SHUTDOWN_MESSAGE, clock.instant());
      throw e;
    }
  }

  private void run(Running r) {
    long started = System.nanoTime();
    TaskHandler handler = handlers.get(r.row.kind());
    try {
      if (handler == null) {
        throw new IllegalStateException("No handler for task kind " + r.row.kind().wire() + " on this server");
      }
      Map<String, Object> result = handler.run(r);
      end(r, TaskStatus.COMPLETED, write(result), null);
      LOG.info("Task {} ({}) completed in {} ms.", r.row.id(), r.row.kind().wire(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (Exception e) {
      if (r.shutdown) {
        end(r, TaskStatus.FAILED, null, SHUTDOWN_MESSAGE);
      } else if (r.cancellation.isCancelled()) {
        Map<String, Object> done = r.partial != null ? r.partial : r.progress;
        end(r, TaskStatus.CANCELLED, write(done == null ? Map.of() : done), null);
        LOG.info("Task {} ({}) cancelled by its owner.", r.row.id(), r.row.kind().wire());
      } else if (e instanceof S3PanelException s) {
        end(r, TaskStatus.FAILED, r.partial == null ? null : write(r.partial), truncate(s.getMessage()));
        LOG.info("Task {} ({}) failed: {}", r.row.id(), r.row.kind().wire(), s.code().code());
      } else {
        LOG.error("Task {} ({}) failed unexpectedly", r.row.id(), r.row.kind().wire(), e);
        end(r, TaskStatus.FAILED, null, INTERNAL_MESSAGE);
      }
    } finally {
      running.remove(r.row.id());
      slots.release();
      wake();
    }
  }

  private void end(Running r, TaskStatus status, @Nullable String resultJson, @Nullable String message) {
    try {
      tasks.finish(r.row.id(), status, resultJson, message, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Could not record the end of task {}: {}", r.row.id(), e.getMessage());
    }
  }

  private void writeProgress(Running r) {
    Map<String, Object> p = r.progress;
    r.lastWrite = System.nanoTime();
    try {
      tasks.updateProgress(r.row.id(), write(p == null ? Map.of() : p), clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Could not record progress of task {}: {}", r.row.id(), e.getMessage());
    }
  }

  /** Keeps this instance's running tasks alive in the database, with their latest progress. */
  void heartbeat() {
    if (running.isEmpty()) {
      return;
    }
    running.values().forEach(this::writeProgress);
  }

  /** Fails tasks whose instance stopped sending heartbeats, and purges finished tasks past retention. */
  void sweep() {
    Instant now = clock.instant();
    try {
      int failed = tasks.failStale(now.minus(config.staleAfter()), STALE_MESSAGE, now);
      if (failed > 0) {
        LOG.warn("{} task(s) had no live runner and were marked failed.", failed);
      }
      int purged = tasks.deleteFinishedBefore(now.minus(config.retention()));
      if (purged > 0) {
        LOG.info("{} finished task(s) older than the retention period were deleted.", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("The task sweep failed: {}", e.getMessage());
    }
  }

  /** On shutdown, running tasks are stopped and recorded as failed with a message; queued ones stay queued. */
  @PreDestroy
  void stop() {
    stopping = true;
    dispatcher.shutdownNow();
    upkeep.shutdownNow();
    running.values().forEach(r -> {
      r.shutdown = true;
      r.cancellation.cancel();
    });
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Running r : running.values()) {
      end(r, TaskStatus.FAILED, null, SHUTDOWN_MESSAGE);
    }
    workers.shutdownNow();
  }

  private String write(Map<String, Object> document) {
    try {
      return json.writeValueAsString(document);
    } catch (IOException e) {
      throw new IllegalStateException("A task document could not be written as JSON", e);
    }
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
  }

  private String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The live state of one task this instance runs; also the handler's {@link TaskContext}. */
  private final class Running implements TaskContext {
    final TaskRow row;
    final Map<String, Object> parameters;
    final Cancellation cancellation = new Cancellation();
    volatile Map<String, Object> progress;
    volatile Map<String, Object> partial;
    volatile long lastWrite = System.nanoTime();
    volatile boolean shutdown;

    Running(TaskRow row, @Nullable Map<String, Object> parameters, @Nullable Map<String, Object> progress) {
      this.row = row;
      this.parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(parameters);
      this.progress = progress;
    }

    @Override
    public String taskId() {
      return row.id();
    }

    @Override
    public TaskKind kind() {
      return row.kind();
    }

    @Override
    public long userId() {
      return row.userId();
    }

    @Override
    public @Nullable String credentialIdentifier() {
      return row.credentialIdentifier();
    }

    @Override
    public Map<String, Object> parameters() {
      return parameters;
    }

    @Override
    public void progress(Map<String, Object> p) {
      progress = new LinkedHashMap<>(p);
      if (System.nanoTime() - lastWrite >= config.progressInterval().toNanos()) {
        writeProgress(this);
      }
    }

    @Override
    public void partialResult(Map<String, Object> result) {
      partial = new LinkedHashMap<>(result);
    }

    @Override
    public Cancellation cancellation() {
      return cancellation;
    }

    @Override
    public String toString() {
      return "TaskContext{" + row + '}';
    }
  }
}
