package io.s3panel.server.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.s3panel.server.tasks.TaskRefusedException;
import jakarta.inject.Singleton;

/**
 * A task not accepted: 429 {@code rate_limited} when the caller's own cap is reached, 503 {@code unavailable}
 * when the server's queue is full (not the caller's doing); both with {@code Retry-After}.
 */
@Produces
@Singleton
final class TaskErrorHandler implements ExceptionHandler<TaskRefusedException, HttpResponse<ErrorBody>> {
  @Override
  public HttpResponse<ErrorBody> handle(HttpRequest request, TaskRefusedException e) {
    ApiError error = e.userLimit() ? ApiError.RATE_LIMITED : ApiError.UNAVAILABLE;
    return HttpResponse.<ErrorBody>status(error.status())
        .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
        .body(ErrorBody.of(error.code(), e.getMessage()));
  }
}
