package io.s3panel.server.tasks;

import io.s3panel.server.persistence.TaskKind;
import java.util.Map;

/**
 * The SPI of one kind of task: a bean implementing it is found by {@link TaskService} and runs every task of
 * its {@link #kind()}. The machinery queues, claims, heartbeats, persists progress (throttled), the result or
 * the failure message, and handles cancellation; the handler only does the work.
 */
public interface TaskHandler {

  /** The kind this handler runs; one handler per kind. */
  TaskKind kind();

  /** The progress document a task of this kind shows before it has reported any (e.g. zero counters). */
  default Map<String, Object> initialProgress() {
    return Map.of();
  }

  /**
   * Does the work of one task and returns its result document (a JSON object of maps, lists, strings,
   * numbers, booleans). Report progress with {@link TaskContext#progress}; check
   * {@link TaskContext#cancellation()} often (at least once a second) and, when it is set, stop and throw
   * {@link io.s3panel.core.OperationCancelledException} after recording what was done with
   * {@link TaskContext#partialResult}. A {@link io.s3panel.core.S3PanelException} fails the task with its
   * message; any other exception fails it with a generic message (logged).
   *
   * @throws Exception anything that ends the task without a result
   */
  Map<String, Object> run(TaskContext context) throws Exception;
}
