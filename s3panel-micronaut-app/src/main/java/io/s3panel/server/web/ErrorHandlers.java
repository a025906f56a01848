package io.s3panel.server.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.RangeNotSatisfiableException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.server.auth.AuthException;
import io.s3panel.server.auth.PasswordHasher;
import jakarta.inject.Singleton;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One exception handler per domain exception; each answers with {@link ErrorBody}. */
final class ErrorHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private ErrorHandlers() {}

  /** Core failures: validation, not found, S3 errors, unreadable credentials. */
  @Produces
  @Singleton
  @Requires(classes = {S3PanelException.class, ExceptionHandler.class})
  static final class CoreHandler implements ExceptionHandler<S3PanelException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, S3PanelException e) {
      ApiError error = ApiError.of(e.code());
      HttpStatus status = error.status();
      if (e.code() == ErrorCode.INTERNAL) {
        LOG.error("Internal failure on {} {}", request.getMethod(), request.getPath(), e);
      } else if (status.getCode() >= 500) {
        LOG.warn("{} on {} {}: {}", e.code().code(), request.getMethod(), request.getPath(), e.getMessage());
      } else {
        LOG.debug("{} on {} {}: {}", e.code().code(), request.getMethod(), request.getPath(), e.getMessage());
      }
      ErrorBody body = e instanceof ValidationException v
          ? validation(WireNames.common(v))
          : ErrorBody.of(error.code(), e.getMessage());
      return HttpResponse.status(status).body(body);
    }
  }

  /** The error body of a validation failure, its fields under their wire names. */
  static ErrorBody validation(ValidationException v) {
    return new ErrorBody("Some fields are not valid: " + v.getMessage(), v.code().code(), v.fieldErrors());
  }

  /** A byte range outside the object: 416 with the error body and {@code Content-Range: bytes *}{@code /size}. */
  @Produces
  @Singleton
  static final class RangeHandler implements ExceptionHandler<RangeNotSatisfiableException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, RangeNotSatisfiableException e) {
      MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(
          ApiError.RANGE_NOT_SATISFIABLE.status()).body(ErrorBody.of(ApiError.RANGE_NOT_SATISFIABLE.code(), e.getMessage()));
      if (e.objectSize() >= 0) {
        response.header("Content-Range", "bytes */" + e.objectSize());
      }
      return response;
    }
  }

  /** The web layer's own decisions: an upload over the limit, keys S3 refused while being added. */
  @Produces
  @Singleton
  static final class ApiHandler implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException e) {
      return HttpResponse.<ErrorBody>status(e.error().status()).body(ErrorBody.of(e.error().code(), e.getMessage()));
    }
  }

  /** Account decisions: wrong login, bad token, throttling (429 with {@code Retry-After}). */
  @Produces
  @Singleton
  static final class AuthHandler implements ExceptionHandler<AuthException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, AuthException e) {
      ApiError error = switch (e.reason()) {
        case INVALID_CREDENTIALS -> ApiError.INVALID_CREDENTIALS;
        case TOKEN_NOT_VALID -> ApiError.TOKEN_NOT_VALID;
        case RATE_LIMITED -> ApiError.RATE_LIMITED;
      };
      MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(error.status())
          .body(ErrorBody.of(error.code(), e.getMessage()));
      if (e.retryAfter() != null) {
        response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
      }
      return response;
    }
  }

  /** Too many password hashes waiting: 429 with Retry-After, like throttling. */
  @Produces
  @Singleton
  static final class HashingBusyHandler
      implements ExceptionHandler<PasswordHasher.HashingBusyException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, PasswordHasher.HashingBusyException e) {
      return HttpResponse.<ErrorBody>status(ApiError.RATE_LIMITED.status())
          .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
          .body(ErrorBody.of(ApiError.RATE_LIMITED.code(),
              "Too many logins are being checked right now. Try again in a moment."));
    }
  }

  /** The database is down or unreachable: 503, the request may be retried. */
  @Produces
  @Singleton
  static final class DatabaseHandler implements ExceptionHandler<SQLException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, SQLException e) {
      return unavailable(request, e);
    }
  }

  /** Micronaut Data's wrapper of database failures: 503 as well. */
  @Produces
  @Singleton
  static final class DataAccessHandler implements ExceptionHandler<DataAccessException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, DataAccessException e) {
      return unavailable(request, e);
    }
  }

  /** Failing to get a database connection (pool timeout, database down): 503. */
  @Produces
  @Singleton
  static final class ConnectionHandler
      implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, CannotGetJdbcConnectionException e) {
      return unavailable(request, e);
    }
  }

  /**
   * Anything no other handler claims: 503 when a database failure is the cause, otherwise 500 with the
   * error body (logged with its stack trace here, never sent to the client).
   */
  @Produces
  @Singleton
  static final class LastResortHandler implements ExceptionHandler<RuntimeException, HttpResponse<ErrorBody>> {
    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException) {
          return unavailable(request, e);
        }
      }
      LOG.error("Unexpected failure on {} {}", request.getMethod(), request.getPath(), e);
      return HttpResponse.<ErrorBody>status(ApiError.INTERNAL.status())
          .body(ErrorBody.of(ApiError.INTERNAL.code(), ApiErrors.messageFor(500)));
    }
  }

  static HttpResponse<ErrorBody> unavailable(HttpRequest<?> request, Exception e) {
    LOG.warn("Database failure on {} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
    return HttpResponse.<ErrorBody>status(ApiError.UNAVAILABLE.status())
        .header("Retry-After", "5")
        .body(ErrorBody.of(ApiError.UNAVAILABLE.code(), "The database is not answering. Try again shortly."));
  }
}
