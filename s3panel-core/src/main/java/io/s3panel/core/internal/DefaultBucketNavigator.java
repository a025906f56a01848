package io.s3panel.core.internal;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.navigate.AccessControlList;
import io.s3panel.core.navigate.BucketNavigator;
import io.s3panel.core.navigate.BucketSummary;
import io.s3panel.core.navigate.FileEntry;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.navigate.Grantee;
import io.s3panel.core.navigate.Grants;
import io.s3panel.core.navigate.Names;
import io.s3panel.core.navigate.ObjectDetails;
import io.s3panel.core.navigate.ObjectPages;
import io.s3panel.core.navigate.ObjectSummary;
import io.s3panel.core.navigate.Owner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link BucketNavigator} over one connection; ACL look-ups fan out through {@link BoundedWorkers}. */
final class DefaultBucketNavigator implements BucketNavigator {
  private final S3Connection connection;
  private final BoundedWorkers workers;
  private final int concurrency;

  /**
   * @param connection the S3 connection to use
   * @param executor runs the ACL look-ups of a listing
   * @param concurrency at most this many look-ups of one listing run at once
   */
  DefaultBucketNavigator(S3Connection connection, Executor executor, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.connection = connection;
    this.workers = new BoundedWorkers(executor, null, "listing");
    this.concurrency = concurrency;
  }

  @Override
  public List<BucketSummary> listBuckets() {
    return listBuckets(true);
  }

  @Override
  public List<BucketSummary> listBuckets(boolean includeGrants) {
    S3Client s3 = connection.s3();
    List<software.amazon.awssdk.services.s3.model.Bucket> buckets;
    try {
      buckets = new ArrayList<>(s3.listBuckets().buckets());
    } catch (SdkException e) {
      throw S3Errors.translate(e, null, null);
    }
    buckets.sort(Comparator.comparing(software.amazon.awssdk.services.s3.model.Bucket::name));
    List<Grants> grants = includeGrants
        ? fanOut(buckets, b -> grantsOf(() -> bucketAcl(b.name()).grants()))
        : Collections.nCopies(buckets.size(), null);
    List<BucketSummary> out = new ArrayList<>(buckets.size());
    for (int i = 0; i < buckets.size(); i++) {
      out.add(new BucketSummary(buckets.get(i).name(), buckets.get(i).creationDate(), grants.get(i)));
    }
    return out;
  }

  @Override
  public AccessControlList bucketAcl(String bucket) {
    Names.requireBucket(bucket);
    try {
      GetBucketAclResponse r = connection.s3().getBucketAcl(b -> b.bucket(bucket));
      return acl(r.owner(), r.grants());
    } catch (SdkException e) {
      throw S3Errors.translate(e, bucket, null);
    }
  }

  @Override
  public FolderPage folderPage(FolderPageRequest request) {
    ListObjectsResponse r;
    try {
      r = connection.s3().listObjects(b -> {
        b.bucket(request.bucket()).delimiter("/").maxKeys(request.maxKeys()).encodingType(EncodingType.URL);
        if (!request.prefix().isEmpty()) {
          b.prefix(request.prefix());
        }
        if (!request.marker().isEmpty()) {
          b.marker(request.marker());
        }
      });
    } catch (SdkException e) {
      throw S3Errors.translate(e, request.bucket(), null);
    }
    List<String> folders = new ArrayList<>(r.commonPrefixes().size());
    for (CommonPrefix p : r.commonPrefixes()) {
      folders.add(p.prefix());
    }
    List<S3Object> objects = r.contents();
    List<Grants> grants = request.includeGrants()
        ? fanOut(objects, o -> grantsOf(() -> objectAcl(request.bucket(), o.key()).grants()))
        : Collections.nCopies(objects.size(), null);
    List<FileEntry> files = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      S3Object o = objects.get(i);
      files.add(new FileEntry(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag()),
          o.storageClassAsString(), grants.get(i)));
    }
    String next = "";
    if (Boolean.TRUE.equals(r.isTruncated())) {
      next = r.nextMarker();
      if (next == null || next.isEmpty()) {
        // Some services omit NextMarker; the next page starts after the greatest key or folder seen.
        String lastKey = objects.isEmpty() ? "" : objects.get(objects.size() - 1).key();
        String lastFolder = folders.isEmpty() ? "" : folders.get(folders.size() - 1);
        next = lastKey.compareTo(lastFolder) > 0 ? lastKey : lastFolder;
      }
    }
    return new FolderPage(folders, files, request.marker(), next);
  }

  @Override
  public ObjectDetails objectDetails(String bucket, String key) {
    Names.requireBucket(bucket);
    Names.requireKey("key", key);
    FutureTask<Grants> grants = workers.start(() -> grantsOf(() -> objectAcl(bucket, key).grants()));
    HeadObjectResponse h;
    try {
      h = connection.s3().headObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      grants.cancel(true);
      throw S3Errors.translate(e, bucket, key);
    }
    return new ObjectDetails(key, h.contentLength() == null ? 0 : h.contentLength(), h.lastModified(),
        unquote(h.eTag()), h.contentType(), h.storageClass() == null ? "STANDARD" : h.storageClassAsString(),
        h.versionId(), h.serverSideEncryptionAsString(), h.metadata(), workers.join(grants));
  }

  @Override
  public AccessControlList objectAcl(String bucket, String key) {
    Names.requireBucket(bucket);
    Names.requireKey("key", key);
    try {
      GetObjectAclResponse r = connection.s3().getObjectAcl(b -> b.bucket(bucket).key(key));
      return acl(r.owner(), r.grants());
    } catch (SdkException e) {
      throw S3Errors.translate(e, bucket, key);
    }
  }

  @Override
  public ObjectPages listObjects(String bucket, String prefix) {
    Names.requireBucket(bucket);
    ValidationException.Collector errors = new ValidationException.Collector();
    Names.checkKeyLike(errors, "prefix", prefix, true);
    errors.throwIfAny();
    return () -> new PageIterator(bucket, prefix == null ? "" : prefix);
  }

  /**
   * Runs {@code lookup} for every item, at most {@link #concurrency} at once ({@link BoundedWorkers}: the
   * calling thread is one of the workers, so a busy executor cannot deadlock it); results in item order. A
   * failure of the whole account (S3 unreachable or timing out, keys rejected) fails the listing; anything
   * else stays with its item.
   */
  private <T> List<Grants> fanOut(List<T> items, Function<T, Grants> lookup) {
    return workers.map(items, concurrency, item -> {
      try {
        return lookup.apply(item);
      } catch (S3PanelException e) {
        throw e;
      } catch (RuntimeException e) {
        return Grants.unavailable(ErrorCode.INTERNAL, "The permissions could not be read.");
      }
    });
  }

  /** The grants, or why this one item's grants are unavailable; account-wide failures are thrown. */
  private static Grants grantsOf(java.util.function.Supplier<List<Grant>> lookup) {
    try {
      return Grants.of(lookup.get());
    } catch (S3PanelException e) {
      if (S3Errors.accountWide(e)) {
        throw e;
      }
      return Grants.unavailable(e.code(), e.getMessage());
    }
  }

  static AccessControlList acl(software.amazon.awssdk.services.s3.model.Owner owner,
      List<software.amazon.awssdk.services.s3.model.Grant> grants) {
    List<Grant> out = new ArrayList<>(grants.size());
    for (software.amazon.awssdk.services.s3.model.Grant g : grants) {
      software.amazon.awssdk.services.s3.model.Grantee ge = g.grantee();
      Grantee grantee = ge == null ? null
          : new Grantee(ge.typeAsString(), ge.id(), ge.displayName(), ge.uri(), ge.emailAddress());
      out.add(new Grant(grantee, g.permissionAsString()));
    }
    return new AccessControlList(owner == null ? null : new Owner(owner.id(), owner.displayName()), out);
  }

  static String unquote(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }

  /** Pages of {@link ObjectListing}, fetched one at a time as the caller advances. */
  private final class PageIterator implements Iterator<List<ObjectSummary>> {
    private final ObjectListing pages;

    PageIterator(String bucket, String prefix) {
      this.pages = new ObjectListing(connection.s3(), bucket).prefix(prefix).urlEncoded();
    }

    @Override
    public boolean hasNext() {
      return pages.hasNext();
    }

    @Override
    public List<ObjectSummary> next() {
      List<S3Object> objects = pages.next();
      List<ObjectSummary> page = new ArrayList<>(objects.size());
      for (S3Object o : objects) {
        page.add(new ObjectSummary(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag()),
            o.storageClassAsString()));
      }
      return page;
    }
  }
}
