package io.s3panel.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.s3panel.server.persistence.TaskRow;
import io.s3panel.server.tasks.TaskService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of tasks: list entries and the status document of {@code check_task_status}. */
final class TaskViews {
  private TaskViews() {}

  /** One entry of {@code GET /api/tasks}. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TaskSummaryView(
      @JsonProperty("task_id") String taskId,
      String kind,
      String status,
      @JsonProperty("created_at") Instant createdAt,
      @Nullable Map<String, Object> progress) {}

  /** A list entry from a stored task. */
  static TaskSummaryView summary(TaskRow task, TaskService tasks) {
    return new TaskSummaryView(task.id(), task.kind().wire(), task.status().wire(), task.createdAt(),
        tasks.document(task.progressJson()));
  }

  /**
   * The status document of docs/API.md: queued or running {@code {"status","progress"}}, completed or cancelled
   * {@code {"status","result"}}, failed {@code {"status","message"}} plus {@code result} when the kind recorded
   * what it had done before failing (a batch stopped early).
   */
  static Map<String, Object> status(TaskRow task, TaskService tasks) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", task.status().wire());
    switch (task.status()) {
      case QUEUED, RUNNING -> {
        Map<String, Object> progress = tasks.document(task.progressJson());
        body.put("progress", progress == null ? Map.of() : progress);
      }
      case COMPLETED, CANCELLED -> {
        Map<String, Object> result = tasks.document(task.resultJson());
        body.put("result", result == null ? Map.of() : result);
      }
      case FAILED -> {
        body.put("message", task.message());
        Map<String, Object> partial = tasks.document(task.resultJson());
        if (partial != null) {
          body.put("result", partial);
        }
      }
      default -> throw new IllegalStateException("Unhandled task status " + task.status());
    }
    return body;
  }

  /** True while the task is not finished (answered with 202, as the original API did while running). */
  static boolean pending(TaskRow task) {
    return !task.status().finished();
  }
}
