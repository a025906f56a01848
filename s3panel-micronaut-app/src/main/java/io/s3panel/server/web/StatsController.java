package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.server.stats.StatsService;

/** Start a storage statistics scan (its status: {@link TasksController}). */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StatsController {
  private final StatsService stats;

  StatsController(StatsService stats) {
    this.stats = stats;
  }

  @Get("/objects/metadata")
  HttpResponse<Views.TaskIdView> startByGet(Authentication auth,
      @Nullable @QueryValue("aws_cred") String cred) {
    return start(auth, cred);
  }

  @Post("/objects/metadata")
  HttpResponse<Views.TaskIdView> startByPost(Authentication auth,
      @Nullable @QueryValue("aws_cred") String cred) {
    return start(auth, cred);
  }

  private HttpResponse<Views.TaskIdView> start(Authentication auth, String cred) {
    String id = stats.start(Requests.userId(auth), cred);
    return HttpResponse.status(HttpStatus.ACCEPTED).body(new Views.TaskIdView(id));
  }
}
