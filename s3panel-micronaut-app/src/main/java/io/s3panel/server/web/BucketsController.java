package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.navigate.Names;
import io.s3panel.core.presign.PresignRequest;
import java.time.Duration;
import java.util.List;

/** Buckets, folder pages, object details and permissions, presigned links of one of the caller's sets. */
@Controller("/api/buckets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class BucketsController {
  private final S3Panel panel;

  BucketsController(S3Panel panel) {
    this.panel = panel;
  }

  @Get
  List<Views.BucketView> buckets(Authentication auth,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @QueryValue("include_grants") String includeGrants) {
    Boolean grants = Requests.boolParam("include_grants", includeGrants);
    return account(auth, cred).listBuckets(grants == null || grants).stream().map(Views.BucketView::of).toList();
  }

  @Get("/{bucket}")
  Views.AclView bucket(Authentication auth, String bucket,
      @Nullable @QueryValue("aws_cred") String cred) {
    Names.requireBucket(bucket);
    return Views.AclView.of(account(auth, cred).bucketAcl(bucket));
  }

  @Get("/{bucket}/folders")
  Views.FolderPageView folders(Authentication auth, String bucket,
      @Nullable @QueryValue("aws_cred") String cred,
      @Nullable @QueryValue("prefix") String prefix,
      @Nullable @QueryValue("next_marker") String nextMarker,
      @Nullable @QueryValue("marker") String marker,
      @Nullable @QueryValue("max_keys") String maxKeys,
      @Nullable @QueryValue("include_grants") String includeGrants) {
    Integer pageSize = Requests.intParam("max_keys", maxKeys, 1, FolderPageRequest.MAX_MAX_KEYS);
    Boolean grants = Requests.boolParam("include_grants", includeGrants);
    FolderPageRequest page = WireNames.call(WireNames.FOLDERS, () -> FolderPageRequest.of(b -> b.bucket(bucket)
        .prefix(prefix)
        .marker(nextMarker != null ? nextMarker : marker)
        .maxKeys(pageSize == null ? FolderPageRequest.DEFAULT_MAX_KEYS : pageSize)
        .includeGrants(grants == null || grants)));
    return Views.FolderPageView.of(account(auth, cred).folderPage(page));
  }

  @Get("/{bucket}/objects/{keyB64}/permissions")
  Views.ObjectPermissionsView permissions(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    return new Views.ObjectPermissionsView(Views.AclView.of(
        WireNames.call(WireNames.OBJECT_KEY, () -> account(auth, cred).objectAcl(bucket, key))));
  }

  @Get("/{bucket}/objects/{keyB64}")
  Views.ObjectDetailsView details(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    return Views.ObjectDetailsView.of(
        WireNames.call(WireNames.OBJECT_KEY, () -> account(auth, cred).objectDetails(bucket, key)));
  }

  @Post("/{bucket}/objects/get_presigned_url")
  Views.PresignedUrlView presign(Authentication auth, String bucket,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String key = f.requiredString("object_key");
    Long expiresIn = f.optionalInteger("expires_in", 1, PresignRequest.MAX_EXPIRY.toSeconds());
    String method = f.optionalString("method");
    String contentType = f.optionalString("content_type");
    PresignRequest presign = f.build(WireNames.OBJECT_KEY, () -> PresignRequest.of(b -> b.bucket(bucket).key(key)
        .method(method)
        .expiresIn(expiresIn == null ? PresignRequest.DEFAULT_EXPIRY : Duration.ofSeconds(expiresIn))
        .contentType(contentType)));
    f.finish();
    return Views.PresignedUrlView.of(account(auth, cred).presign(presign));
  }

  private S3Account account(Authentication auth, String cred) {
    return panel.account(Requests.owner(auth), cred);
  }
}
