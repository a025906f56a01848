package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A storage-statistics task, one row of {@code stats_tasks}. A running task keeps {@code heartbeatAt} fresh;
 * one whose heartbeat is too old is failed by {@link StatsTaskRepository#failStale}.
 *
 * @param id random task id
 * @param userId the user who started it
 * @param credentialIdentifier the user's credential set it scans
 * @param status {@link #RUNNING}, {@link #COMPLETED} or {@link #FAILED}
 * @param bucketsDone buckets scanned so far
 * @param bucketsTotal buckets to scan
 * @param objectsCounted objects counted so far
 * @param resultJson the result document once completed, or {@code null}
 * @param message a human-readable note (why it failed), or {@code null}
 * @param createdAt when it started
 * @param updatedAt when it last changed
 * @param finishedAt when it completed or failed, or {@code null} while running
 * @param ownerInstance the server instance running it, or {@code null}
 * @param heartbeatAt the running instance's last sign of life, or {@code null} once finished
 */
@MappedEntity("stats_tasks")
public record StatsTask(
    @Id String id,
    long userId,
    String credentialIdentifier,
    String status,
    int bucketsDone,
    int bucketsTotal,
    long objectsCounted,
    @Nullable String resultJson,
    @Nullable String message,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant finishedAt,
    @Nullable String ownerInstance,
    @Nullable Instant heartbeatAt) {

  /** Status of a task still being worked on. */
  public static final String RUNNING = "running";
  /** Status of a task that finished with a result. */
  public static final String COMPLETED = "completed";
  /** Status of a task that ended without a result. */
  public static final String FAILED = "failed";

  private static final Set<String> STATUSES = Set.of(RUNNING, COMPLETED, FAILED);

  /** Checks required fields and the status. */
  public StatsTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(credentialIdentifier, "credentialIdentifier");
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be running, completed or failed");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A task that starts running on {@code ownerInstance} at {@code now}, heartbeat included. */
  public static StatsTask start(String id, long userId, String credentialIdentifier, String ownerInstance, Instant now) {
    return new StatsTask(id, userId, credentialIdentifier, RUNNING, 0, 0, 0, null, null, now, now, null, ownerInstance, now);
  }

  /** Names the task and its progress; the result document is left out. */
  @Override
  public String toString() {
    return "StatsTask{id=" + id + ", user=" + userId + ", status=" + status + ", buckets=" + bucketsDone + '/'
        + bucketsTotal + ", objects=" + objectsCounted + '}';
  }
}
