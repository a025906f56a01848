package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.core.S3Panel;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialUpdate;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.server.exposure.CredentialHealthService;
import io.s3panel.server.persistence.LastHealth;
import java.util.List;
import java.util.Map;

/**
 * The caller's AWS credential sets: list (masked, with each set's last recorded health), add, change, delete.
 * The rules (identifiers, endpoints, the path-style default) are the core's; keys S3 refuses while being
 * added or changed are the caller's fault here (400), unlike stored keys S3 stops accepting (502 elsewhere).
 */
@Controller("/api/aws-credentials")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class CredentialsController {
  private final S3Panel panel;
  private final CredentialHealthService health;

  CredentialsController(S3Panel panel, CredentialHealthService health) {
    this.panel = panel;
    this.health = health;
  }

  @Get
  List<ExposureViews.ListedCredentialView> list(Authentication auth) {
    Map<String, LastHealth> checks = health.lastChecks(Requests.userId(auth));
    return panel.credentials().list(Requests.owner(auth)).stream()
        .map(s -> ExposureViews.ListedCredentialView.of(s, checks.get(s.identifier()))).toList();
  }

  @Post("/add")
  HttpResponse<Views.CredentialView> add(Authentication auth, @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String owner = Requests.owner(auth);
    String identifier = f.requiredString("identifier");
    if (identifier != null) {
      f.build(() -> new CredentialRef(owner, identifier)); // the core's identifier rule, reported with the rest
    }
    CredentialSet.Builder set = CredentialSet.builder()
        .accessKeyId(f.requiredString("aws_access_key_id"))
        .secretAccessKey(f.requiredString("aws_secret_access_key"))
        .sessionToken(f.optionalString("aws_session_token"))
        .endpoint(f.build(WireNames.CREDENTIALS, () -> CredentialSet.parseEndpoint(f.optionalString("endpoint_url"))));
    String region = f.optionalString("region_name");
    if (region != null) {
      set.region(region);
    }
    Boolean pathStyle = f.optionalBoolean("path_style");
    if (pathStyle != null) {
      set.pathStyle(pathStyle); // when absent, the core's default (true with an endpoint) applies
    }
    CredentialSet built = f.build(WireNames.CREDENTIALS, set::build);
    f.finish();
    try {
      return HttpResponse.status(HttpStatus.CREATED)
          .body(Views.CredentialView.of(WireNames.call(WireNames.CREDENTIALS,
              () -> panel.credentials().add(owner, identifier, built))));
    } catch (InvalidCredentialsException e) {
      throw ApiException.keysRejected(e.getMessage());
    }
  }

  @Put("/{identifier}")
  Views.CredentialView update(Authentication auth, String identifier,
      @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String bodyIdentifier = f.optionalString("identifier");
    if (bodyIdentifier != null && !bodyIdentifier.equals(identifier)) {
      f.error("identifier", "The identifier cannot be changed; delete the set and add it under the new name.");
    }
    CredentialUpdate.Builder u = CredentialUpdate.builder()
        .accessKeyId(emptyToNull(f.optionalString("aws_access_key_id")))
        .secretAccessKey(emptyToNull(f.optionalString("aws_secret_access_key")))
        .region(emptyToNull(f.optionalString("region_name")))
        .pathStyle(f.optionalBoolean("path_style"));
    String token = f.optionalString("aws_session_token");
    if (token != null) {
      if (token.isEmpty()) {
        u.clearSessionToken();
      } else {
        u.sessionToken(token);
      }
    }
    String endpointUrl = f.optionalString("endpoint_url");
    if (endpointUrl != null) {
      if (endpointUrl.isEmpty()) {
        u.clearEndpoint();
      } else {
        u.endpoint(f.build(WireNames.CREDENTIALS, () -> CredentialSet.parseEndpoint(endpointUrl)));
      }
    }
    f.finish();
    try {
      // An identifier the core's rule refuses is reported as not found, like a missing one.
      return Views.CredentialView.of(WireNames.call(WireNames.CREDENTIALS,
          () -> panel.credentials().update(Requests.owner(auth), identifier, u.build())));
    } catch (InvalidCredentialsException e) {
      throw ApiException.keysRejected(e.getMessage());
    }
  }

  @Delete("/{identifier}")
  HttpResponse<Void> delete(Authentication auth, String identifier) {
    panel.credentials().delete(Requests.owner(auth), identifier);
    return HttpResponse.noContent();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public String toString() {
    return "CredentialsController";
  }
}
