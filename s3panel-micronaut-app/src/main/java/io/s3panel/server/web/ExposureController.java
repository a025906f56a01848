package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.server.exposure.CredentialHealthService;
import io.s3panel.server.exposure.ExposureService;

/** Start an exposure report (its status: {@link TasksController}); check a credential set's health now. */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ExposureController {
  private final ExposureService exposure;
  private final CredentialHealthService health;

  ExposureController(ExposureService exposure, CredentialHealthService health) {
    this.exposure = exposure;
    this.health = health;
  }

  @Post("/exposure")
  HttpResponse<Views.TaskIdView> start(Authentication auth, @Nullable @QueryValue("aws_cred") String cred,
      @Nullable @Body JsonNode body) {
    ObjectMode mode = ObjectMode.SAMPLE;
    if (body != null && !body.isNull()) {
      JsonFields f = JsonFields.of(body);
      String objects = f.optionalString("objects");
      if (objects != null) {
        mode = ObjectMode.parse(objects);
        if (mode == null) {
          f.error("objects", "The objects mode must be one of none, sample, all.");
        }
      }
      f.finish();
    }
    String id = exposure.start(Requests.userId(auth), cred, mode);
    return HttpResponse.status(HttpStatus.ACCEPTED).body(new Views.TaskIdView(id));
  }

  @Get("/aws-credentials/{identifier}/health")
  ExposureViews.HealthView health(Authentication auth, @PathVariable String identifier) {
    return ExposureViews.HealthView.of(health.check(Requests.userId(auth), identifier));
  }
}
