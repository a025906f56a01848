package io.s3panel.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.s3panel.core.credentials.CredentialSummary;
import io.s3panel.core.navigate.AccessControlList;
import io.s3panel.core.navigate.BucketSummary;
import io.s3panel.core.navigate.FileEntry;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.navigate.Grants;
import io.s3panel.core.navigate.ObjectDetails;
import io.s3panel.core.navigate.Owner;
import io.s3panel.core.presign.PresignedUrl;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of docs/API.md, and their construction from core values. */
final class Views {
  private Views() {}

  /** A masked credential set. */
  @Serdeable
  record CredentialView(
      String identifier,
      @JsonProperty("aws_access_key_id") @Nullable String awsAccessKeyId,
      @JsonProperty("aws_secret_access_key") @Nullable String awsSecretAccessKey,
      @JsonProperty("region_name") String regionName,
      @JsonProperty("endpoint_url") @Nullable String endpointUrl,
      @JsonProperty("path_style") boolean pathStyle,
      @JsonProperty("has_session_token") boolean hasSessionToken,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("updated_at") Instant updatedAt,
      boolean readable) {
    static CredentialView of(CredentialSummary s) {
      return new CredentialView(s.identifier(), s.maskedAccessKeyId(), s.maskedSecretAccessKey(), s.region(),
          s.endpoint(), s.pathStyle(), s.hasSessionToken(), s.createdAt(), s.updatedAt(), s.readable());
    }
  }

  /** S3's grantee with S3's own capitalised names; absent fields are left out. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GranteeView(
      @JsonProperty("ID") @Nullable String id,
      @JsonProperty("Type") @Nullable String type,
      @JsonProperty("DisplayName") @Nullable String displayName,
      @JsonProperty("URI") @Nullable String uri,
      @JsonProperty("EmailAddress") @Nullable String emailAddress) {}

  /** One grant. */
  @Serdeable
  record GrantView(@JsonProperty("Grantee") @Nullable GranteeView grantee, @JsonProperty("Permission") String permission) {
    static List<GrantView> list(List<Grant> grants) {
      return grants.stream().map(g -> new GrantView(g.grantee() == null ? null : new GranteeView(g.grantee().id(),
          g.grantee().type(), g.grantee().displayName(), g.grantee().uri(), g.grantee().emailAddress()),
          g.permission())).toList();
    }

    /** The grants of a look-up: {@code []} when it failed or was not made, never {@code null}. */
    static List<GrantView> listOf(@Nullable Grants grants) {
      return grants == null ? List.of() : list(grants.list());
    }
  }

  /** The owner of a bucket or object. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OwnerView(@JsonProperty("ID") @Nullable String id, @JsonProperty("DisplayName") @Nullable String displayName) {
    static OwnerView of(Owner o) {
      return o == null ? null : new OwnerView(o.id(), o.displayName());
    }
  }

  /** An ACL. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AclView(@JsonProperty("Owner") @Nullable OwnerView owner, @JsonProperty("Grants") List<GrantView> grants) {
    static AclView of(AccessControlList acl) {
      return new AclView(OwnerView.of(acl.owner()), GrantView.list(acl.grants()));
    }
  }

  /**
   * Why grants are missing. The {@code grants} list beside it is then {@code []}: {@code grants} is always a
   * list, since the original web client calls {@code grants.some(...)} unguarded.
   */
  @Serdeable
  record GrantsErrorView(String code, String error) {
    static GrantsErrorView of(Grants g) {
      return g == null || g.available() ? null : new GrantsErrorView(g.error().code(), g.reason());
    }
  }

  /** A bucket and its grants ({@code []} when the look-up failed or was not asked for). */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BucketView(
      @JsonProperty("bucket_name") String bucketName,
      @JsonProperty("creation_date") @Nullable Instant creationDate,
      List<GrantView> grants,
      @JsonProperty("grants_error") @Nullable GrantsErrorView grantsError) {
    static BucketView of(BucketSummary b) {
      return new BucketView(b.name(), b.creationDate(), GrantView.listOf(b.grants()), GrantsErrorView.of(b.grants()));
    }
  }

  /** One file of a folder page; {@code grants} is {@code []} when the look-up failed or was not asked for. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileView(
      String file,
      List<GrantView> grants,
      @JsonProperty("grants_error") @Nullable GrantsErrorView grantsError,
      long size,
      @JsonProperty("last_modified") @Nullable Instant lastModified,
      @Nullable String etag,
      @JsonProperty("storage_class") @Nullable String storageClass,
      @JsonProperty("key_b64") String keyB64) {
    static FileView of(FileEntry f) {
      return new FileView(f.key(), GrantView.listOf(f.grants()),
          GrantsErrorView.of(f.grants()), f.size(), f.lastModified(), f.etag(), f.storageClass(),
          ObjectKeys.encode(f.key()));
    }
  }

  /** One folder page. */
  @Serdeable
  record FolderPageView(
      List<String> folders,
      List<FileView> files,
      String marker,
      @JsonProperty("next_marker") String nextMarker) {
    static FolderPageView of(FolderPage p) {
      return new FolderPageView(p.folders(), p.files().stream().map(FileView::of).toList(), p.marker(), p.nextMarker());
    }
  }

  /** An object's ACL, under the original's key with a space. */
  @Serdeable
  record ObjectPermissionsView(@JsonProperty("object permissions") AclView permissions) {}

  /** Object details. */
  @Serdeable
  record ObjectDetailsView(
      String key,
      long size,
      @JsonProperty("last_modified") @Nullable Instant lastModified,
      @Nullable String etag,
      @JsonProperty("content_type") @Nullable String contentType,
      @JsonProperty("storage_class") @Nullable String storageClass,
      @JsonProperty("version_id") @Nullable String versionId,
      @JsonProperty("server_side_encryption") @Nullable String serverSideEncryption,
      Map<String, String> metadata,
      List<GrantView> grants,
      @JsonProperty("grants_error") @Nullable GrantsErrorView grantsError) {
    static ObjectDetailsView of(ObjectDetails d) {
      return new ObjectDetailsView(d.key(), d.size(), d.lastModified(), d.etag(), d.contentType(), d.storageClass(),
          d.versionId(), d.serverSideEncryption(), d.metadata(), GrantView.listOf(d.grants()),
          GrantsErrorView.of(d.grants()));
    }
  }

  /** A presigned URL. */
  @Serdeable
  record PresignedUrlView(
      @JsonProperty("presigned_url") String presignedUrl,
      String method,
      @JsonProperty("expires_at") Instant expiresAt,
      Map<String, List<String>> headers) {
    static PresignedUrlView of(PresignedUrl u) {
      return new PresignedUrlView(u.url().toString(), u.method().name(), u.expiresAt(), u.signedHeaders());
    }
  }

  /** An uploaded object. */
  @Serdeable
  record UploadView(String key, long size, @Nullable String etag, @JsonProperty("version_id") @Nullable String versionId) {
    static UploadView of(io.s3panel.core.objects.UploadResult r) {
      return new UploadView(r.key(), r.size(), r.etag(), r.versionId());
    }
  }

  /**
   * A copy or move: the destination object; {@code source_kept} is true only for a move whose copy succeeded
   * but whose delete of the source failed (the object then exists twice; {@code message} says why).
   */
  @Serdeable
  record CopyView(String key, @Nullable String etag, @JsonProperty("version_id") @Nullable String versionId,
      @JsonProperty("source_kept") boolean sourceKept, @Nullable String message) {
    static CopyView of(io.s3panel.core.objects.CopyResult r) {
      boolean kept = !r.complete();
      String message = kept ? "The object was copied but its source could not be deleted, so it now exists twice: "
          + (r.sourceDeleteFailure() == null ? "" : r.sourceDeleteFailure().message()) : null;
      return new CopyView(r.destination().key(), r.destination().etag(), r.destination().versionId(), kept, message);
    }
  }

  /** A created folder marker. */
  @Serdeable
  record FolderView(String prefix) {}

  /** A created bucket. */
  @Serdeable
  record NewBucketView(@JsonProperty("bucket_name") String bucketName, @Nullable String region) {}

  /** One search hit. */
  @Serdeable
  record SearchHitView(String key, long size, @JsonProperty("last_modified") @Nullable Instant lastModified) {}

  /** One step of a key search. */
  @Serdeable
  record SearchView(List<SearchHitView> results, String continuation, long scanned) {
    static SearchView of(io.s3panel.core.objects.SearchPage p) {
      return new SearchView(p.results().stream().map(o -> new SearchHitView(o.key(), o.size(), o.lastModified()))
          .toList(), p.continuation(), p.scanned());
    }
  }

  /** A message. */
  @Serdeable
  record MessageView(String message) {}

  /** A token pair. */
  @Serdeable
  record TokenPairView(String refresh, String access) {}

  /** A started task. */
  @Serdeable
  record TaskIdView(@JsonProperty("task_id") String taskId) {}
}
