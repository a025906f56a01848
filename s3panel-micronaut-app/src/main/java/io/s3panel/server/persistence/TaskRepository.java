package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Background tasks of every kind. Every state change is one conditional statement, so several server
 * instances sharing the database never both claim, finish or sweep the same task. A task's parameters are
 * dropped when it ends (a batch's run up to the request size limit, and listings read whole rows).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TaskRepository extends GenericRepository<TaskRow, String> {

  /** Inserts a new task; its id (and its active key, if any) must be new. */
  TaskRow save(TaskRow task);

  /** The task, whoever owns it (for the machinery and tests; requests use {@link #findByIdAndUserId}). */
  Optional<TaskRow> findById(String id);

  /** The task if it exists and belongs to {@code userId}; another user's task is simply absent. */
  Optional<TaskRow> findByIdAndUserId(String id, long userId);

  /** The queued or running task working on {@code activeKey}, if any. */
  Optional<TaskRow> findByActiveKey(String activeKey);

  /** Locks the user's row until the end of the transaction, so one user's submissions are serialised. */
  @Query("SELECT id FROM users WHERE id = :userId FOR UPDATE")
  List<Long> lockUser(long userId);

  /** Queued plus running tasks of one user. */
  @Query("SELECT COUNT(*) FROM tasks WHERE user_id = :userId AND status IN ('queued', 'running')")
  long countActiveByUser(long userId);

  /** Queued tasks of every user. */
  @Query("SELECT COUNT(*) FROM tasks WHERE status = 'queued'")
  long countQueued();

  /** The caller's newest tasks, newest first, at most {@code limit}. */
  @Query("SELECT * FROM tasks WHERE user_id = :userId ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<TaskRow> listByUser(long userId, int limit);

  /** The caller's newest tasks in one status, newest first, at most {@code limit}. */
  @Query("SELECT * FROM tasks WHERE user_id = :userId AND status = :status ORDER BY created_at DESC, id DESC"
      + " LIMIT :limit")
  List<TaskRow> listByUserAndStatus(long userId, TaskStatus status, int limit);

  /**
   * The next queued task to run, fair across users: owners running fewer tasks first (an owner already
   * running {@code perUserRunning} is skipped), then the owner who last got a worker longest ago (never
   * first), so owners take turns; then the oldest task. Claim it with {@link #claim}.
   */
  @Query("SELECT t.* FROM tasks t WHERE t.status = 'queued'"
      + " AND (SELECT COUNT(*) FROM tasks r WHERE r.user_id = t.user_id AND r.status = 'running') < :perUserRunning"
      + " ORDER BY (SELECT COUNT(*) FROM tasks r WHERE r.user_id = t.user_id AND r.status = 'running'),"
      + " (SELECT MAX(s.started_at) FROM tasks s WHERE s.user_id = t.user_id) NULLS FIRST,"
      + " t.created_at, t.id LIMIT 1")
  Optional<TaskRow> nextQueued(int perUserRunning);

  /** Claims a queued task for {@code instance}; 0 if another instance claimed (or someone cancelled) it first. */
  @Query("UPDATE tasks SET status = 'running', owner_instance = :instance, started_at = :now, heartbeat_at = :now,"
      + " updated_at = :now WHERE id = :id AND status = 'queued'")
  int claim(String id, String instance, Instant now);

  /** Records progress and a heartbeat of a running task; returns 0 if it is no longer running. */
  @Query("UPDATE tasks SET progress_json = :progressJson, updated_at = :now, heartbeat_at = :now"
      + " WHERE id = :id AND status = 'running'")
  int updateProgress(String id, String progressJson, Instant now);

  /**
   * Ends a running task as {@code completed}, {@code failed} or {@code cancelled}; returns 0 if it had already
   * ended (for example failed as stale), so a late finisher never overwrites that.
   */
  @Query("UPDATE tasks SET status = :status, result_json = :resultJson, message = :message, active_key = NULL,"
      + " params_json = NULL,"
      + " updated_at = :now, finished_at = :now, heartbeat_at = NULL WHERE id = :id AND status = 'running'")
  int finish(String id, TaskStatus status, @Nullable String resultJson, @Nullable String message, Instant now);

  /** Cancels a task that no worker has claimed yet; 0 if it is no longer queued. */
  @Query("UPDATE tasks SET status = 'cancelled', cancel_requested = TRUE, result_json = progress_json,"
      + " params_json = NULL, active_key = NULL, updated_at = :now, finished_at = :now WHERE id = :id AND status = 'queued'")
  int cancelQueued(String id, Instant now);

  /** Asks a running task to stop; 0 if it is not running. */
  @Query("UPDATE tasks SET cancel_requested = TRUE, updated_at = :now WHERE id = :id AND status = 'running'")
  int requestCancel(String id, Instant now);

  /** Ids of tasks {@code instance} runs whose owner asked them to stop. */
  @Query("SELECT id FROM tasks WHERE owner_instance = :instance AND status = 'running' AND cancel_requested = TRUE")
  List<String> cancelRequestedOn(String instance);

  /**
   * Fails every running task whose heartbeat is older than {@code cutoff}, in one statement, so concurrent
   * sweepers on several instances each claim a task at most once. Returns the number failed.
   */
  @Query("UPDATE tasks SET status = 'failed', message = :message, active_key = NULL, params_json = NULL,"
      + " updated_at = :now, finished_at = :now, heartbeat_at = NULL WHERE status = 'running' AND heartbeat_at < :cutoff")
  int failStale(Instant cutoff, String message, Instant now);

  /** Deletes tasks that finished before {@code cutoff} (result retention); returns rows deleted. */
  @Query("DELETE FROM tasks WHERE status IN ('completed', 'failed', 'cancelled') AND finished_at < :cutoff")
  int deleteFinishedBefore(Instant cutoff);
}
