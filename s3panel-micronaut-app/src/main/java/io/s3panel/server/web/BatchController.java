package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.server.batch.BatchService;
import java.util.List;

/** Start a batch delete, copy or move over keys and prefixes of a bucket (its status: {@link TasksController}). */
@Controller("/api/buckets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class BatchController {
  private final BatchService batches;

  BatchController(BatchService batches) {
    this.batches = batches;
  }

  @Post("/{bucket}/batch")
  HttpResponse<Views.TaskIdView> start(Authentication auth, @PathVariable String bucket,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @Body JsonNode body) {
    JsonFields fields = JsonFields.of(body);
    String action = fields.requiredString("action");
    List<String> keys = fields.optionalStringList("keys");
    List<String> prefixes = fields.optionalStringList("prefixes");
    BatchService.Destination destination = null;
    JsonFields d = fields.optionalObject("destination");
    if (d != null) {
      destination = new BatchService.Destination(d.optionalString("aws_cred"), d.optionalString("bucket"),
          d.optionalString("prefix"));
      d.finishNested();
    }
    fields.finish();
    String id = batches.start(Requests.userId(auth), cred,
        new BatchService.Spec(action, bucket, keys, prefixes, destination));
    return HttpResponse.status(HttpStatus.ACCEPTED).body(new Views.TaskIdView(id));
  }
}
