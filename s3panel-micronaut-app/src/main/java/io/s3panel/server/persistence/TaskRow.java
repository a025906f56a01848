package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One background task of any kind, a row of {@code tasks}. A running task keeps {@code heartbeatAt} fresh;
 * one whose heartbeat is too old is failed by {@link TaskRepository#failStale}.
 *
 * @param id random task id (128 bits, hex)
 * @param userId the user who started it; only they see it
 * @param kind what the task does
 * @param credentialIdentifier the user's credential set it works on, or {@code null} (several sets)
 * @param activeKey what it works on while queued or running (unique, for coalescing), {@code null} after
 * @param status where it is in its life
 * @param paramsJson the kind's parameters as a JSON object, or {@code null}
 * @param progressJson the last recorded progress as a JSON object, or {@code null}
 * @param resultJson the result document once completed or cancelled, or {@code null}
 * @param message a human-readable note (why it failed), or {@code null}
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 * @param startedAt when a worker claimed it, or {@code null} while queued
 * @param finishedAt when it ended, or {@code null}
 * @param ownerInstance the server instance running it, or {@code null}
 * @param heartbeatAt the running instance's last sign of life, or {@code null} when not running
 * @param cancelRequested its owner asked it to stop
 */
@MappedEntity("tasks")
public record TaskRow(
    @Id String id,
    long userId,
    @MappedProperty(converter = TaskEnumConverters.KindConverter.class) TaskKind kind,
    @Nullable String credentialIdentifier,
    @Nullable String activeKey,
    @MappedProperty(converter = TaskEnumConverters.StatusConverter.class) TaskStatus status,
    @Nullable String paramsJson,
    @Nullable String progressJson,
    @Nullable String resultJson,
    @Nullable String message,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String ownerInstance,
    @Nullable Instant heartbeatAt,
    boolean cancelRequested) {

  /** Checks required fields. */
  public TaskRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new queued task. */
  public static TaskRow queued(String id, long userId, TaskKind kind, @Nullable String credentialIdentifier,
      @Nullable String activeKey, @Nullable String paramsJson, @Nullable String progressJson, Instant now) {
    return new TaskRow(id, userId, kind, credentialIdentifier, activeKey, TaskStatus.QUEUED, paramsJson,
        progressJson, null, null, now, now, null, null, null, null, false);
  }

  /** A task already running on {@code ownerInstance} since {@code now}, heartbeat included. */
  public static TaskRow running(String id, long userId, TaskKind kind, @Nullable String credentialIdentifier,
      String ownerInstance, Instant now) {
    return new TaskRow(id, userId, kind, credentialIdentifier, null, TaskStatus.RUNNING, null, null, null, null,
        now, now, now, null, ownerInstance, now, false);
  }

  /** Names the task and its state; parameters, progress and result are left out. */
  @Override
  public String toString() {
    return "TaskRow{id=" + id + ", user=" + userId + ", kind=" + kind.wire() + ", status=" + status.wire() + '}';
  }
}
