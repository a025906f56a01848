package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** Storage-statistics tasks: scoped reads, progress, finishing, and failing tasks whose runner died. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StatsTaskRepository extends GenericRepository<StatsTask, String> {

  /** Inserts a new task; its id must be new. */
  StatsTask save(StatsTask task);

  /** The task if it exists and belongs to {@code userId}; another user's task is simply absent. */
  Optional<StatsTask> findByIdAndUserId(String id, long userId);

  /** Records progress and a heartbeat of a running task; returns 0 if it is no longer running. */
  @Query("UPDATE stats_tasks SET buckets_done = :bucketsDone, buckets_total = :bucketsTotal,"
      + " objects_counted = :objectsCounted, updated_at = :now, heartbeat_at = :now"
      + " WHERE id = :id AND status = 'running'")
  int updateProgress(String id, int bucketsDone, int bucketsTotal, long objectsCounted, Instant now);

  /**
   * Ends a running task as {@code completed} or {@code failed}; returns 0 if it had already ended (for
   * example failed as stale), so a late finisher never overwrites that.
   */
  @Query("UPDATE stats_tasks SET status = :status, result_json = :resultJson, message = :message,"
      + " updated_at = :now, finished_at = :now, heartbeat_at = NULL"
      + " WHERE id = :id AND status = 'running'")
  int finish(String id, String status, @Nullable String resultJson, @Nullable String message, Instant now);

  /**
   * Fails every running task whose heartbeat is older than {@code cutoff}, in one statement, so concurrent
   * sweepers on several instances each claim a task at most once. Returns the number failed.
   */
  @Query("UPDATE stats_tasks SET status = 'failed', message = :message, updated_at = :now, finished_at = :now,"
      + " heartbeat_at = NULL"
      + " WHERE status = 'running' AND heartbeat_at < :cutoff")
  int failStale(Instant cutoff, String message, Instant now);

  /** Deletes tasks that finished before {@code cutoff} (result retention); returns rows deleted. */
  @Query("DELETE FROM stats_tasks WHERE status <> 'running' AND finished_at < :cutoff")
  int deleteFinishedBefore(Instant cutoff);
}
