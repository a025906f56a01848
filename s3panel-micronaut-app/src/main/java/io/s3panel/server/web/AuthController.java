package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.server.auth.AuthService;

/** Register, log in, refresh tokens, change the password, delete the account. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuthController {
  private final AuthService auth;

  AuthController(AuthService auth) {
    this.auth = auth;
  }

  @Post("/register")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Views.MessageView> register(HttpRequest<?> request, @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String username = f.requiredString("username");
    String password = f.requiredString("password");
    f.finish();
    auth.register(username, password, Requests.clientAddress(request));
    return HttpResponse.status(HttpStatus.CREATED).body(new Views.MessageView("Registered successfully"));
  }

  @Post("/login")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Views.TokenPairView> login(HttpRequest<?> request, @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String username = f.requiredString("username");
    String password = f.requiredString("password");
    f.finish();
    AuthService.TokenPair pair = auth.login(username, password, Requests.clientAddress(request));
    return tokens(pair);
  }

  @Post("/token/refresh")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Views.TokenPairView> refresh(@Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String refresh = f.requiredString("refresh");
    f.finish();
    AuthService.TokenPair pair = auth.refresh(refresh);
    return tokens(pair);
  }

  /** Tokens are never stored by a browser or a proxy cache (RFC 6749 §5.1; SECURITY.md item 30). */
  private static HttpResponse<Views.TokenPairView> tokens(AuthService.TokenPair pair) {
    return HttpResponse.ok(new Views.TokenPairView(pair.refresh(), pair.access()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(HttpHeaders.PRAGMA, "no-cache");
  }

  @Post("/password")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  Views.MessageView changePassword(Authentication authentication,
      @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String current = f.requiredString("current_password");
    String next = f.requiredString("new_password");
    f.finish();
    auth.changePassword(Requests.userId(authentication), current, next);
    return new Views.MessageView("Password changed. Log in again on your other devices.");
  }

  @Delete("/account")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  HttpResponse<Void> deleteAccount(Authentication authentication,
      @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String password = f.requiredString("password");
    f.finish();
    auth.deleteAccount(Requests.userId(authentication), password);
    return HttpResponse.noContent();
  }
}
