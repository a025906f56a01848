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
import io.s3panel.core.NotFoundException;
import io.s3panel.server.exposure.CredentialHealthService;
import io.s3panel.server.persistence.LastHealth;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/** The caller's AWS credential sets: list (masked, with each set's last recorded health), add, change, delete. */
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
    String identifier = f.requiredString("identifier");
    if (identifier != null && !CredentialRef.isValidIdentifier(identifier)) {
      f.error("identifier", "The identifier must be 3 to 100 characters of letters, digits, '-' and '_'.");
    }
    CredentialSet.Builder set = CredentialSet.builder()
        .accessKeyId(f.requiredString("aws_access_key_id"))
        .secretAccessKey(f.requiredString("aws_secret_access_key"))
        .sessionToken(f.optionalString("aws_session_token"));
    String region = f.optionalString("region_name");
    if (region != null) {
      set.region(region);
    }
    URI endpoint = endpoint(f, f.optionalString("endpoint_url"));
    set.endpoint(endpoint);
    Boolean pathStyle = f.optionalBoolean("path_style");
    set.pathStyle(pathStyle != null ? pathStyle : endpoint != null);
    CredentialSet built = f.build(WireNames.CREDENTIALS, set::build);
    f.finish();
    return HttpResponse.status(HttpStatus.CREATED)
        .body(Views.CredentialView.of(WireNames.call(WireNames.CREDENTIALS,
            () -> panel.credentials().add(Requests.owner(auth), identifier, built))));
  }

  @Put("/{identifier}")
  Views.CredentialView update(Authentication auth, String identifier,
      @Nullable @Body JsonNode body) {
    if (!CredentialRef.isValidIdentifier(identifier)) {
      throw new NotFoundException("No AWS credential set with that identifier.");
    }
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
        u.endpoint(endpoint(f, endpointUrl));
      }
    }
    f.finish();
    return Views.CredentialView.of(WireNames.call(WireNames.CREDENTIALS,
        () -> panel.credentials().update(Requests.owner(auth), identifier, u.build())));
  }

  @Delete("/{identifier}")
  HttpResponse<Void> delete(Authentication auth, String identifier) {
    panel.credentials().delete(Requests.owner(auth), identifier);
    return HttpResponse.noContent();
  }

  private static URI endpoint(JsonFields f, String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        f.error("endpoint_url", "The endpoint URL must look like https://host[:port].");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      f.error("endpoint_url", "The endpoint URL is not a valid URL.");
      return null;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public String toString() {
    return "CredentialsController";
  }
}
