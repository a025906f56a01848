package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.core.ValidationException;
import io.s3panel.server.persistence.TaskRow;
import io.s3panel.server.persistence.TaskStatus;
import io.s3panel.server.tasks.TaskService;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Background tasks of every kind: status, the caller's list, cancellation. */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class TasksController {
  private final TaskService tasks;

  TasksController(TaskService tasks) {
    this.tasks = tasks;
  }

  @Get("/check_task_status/{taskId}")
  HttpResponse<Map<String, Object>> status(Authentication auth, String taskId) {
    TaskRow task = tasks.status(Requests.userId(auth), taskId);
    return HttpResponse.status(TaskViews.pending(task) ? HttpStatus.ACCEPTED : HttpStatus.OK)
        .body(TaskViews.status(task, tasks));
  }

  @Get("/tasks")
  List<TaskViews.TaskSummaryView> list(Authentication auth,
      @Nullable @QueryValue("status") String status) {
    TaskStatus filter = null;
    if (status != null && !status.isEmpty()) {
      filter = TaskStatus.fromWire(status).orElseThrow(() -> new ValidationException("status",
          "status must be one of " + Arrays.stream(TaskStatus.values()).map(TaskStatus::wire)
              .collect(Collectors.joining(", ")) + "."));
    }
    return tasks.list(Requests.userId(auth), filter).stream().map(t -> TaskViews.summary(t, tasks)).toList();
  }

  @Delete("/tasks/{taskId}")
  HttpResponse<Void> cancel(Authentication auth, String taskId) {
    tasks.cancel(Requests.userId(auth), taskId);
    return HttpResponse.status(HttpStatus.ACCEPTED);
  }
}
