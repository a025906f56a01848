package io.s3panel.core.internal;

import io.s3panel.core.S3Account;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.exposure.ExposureChecks;
import io.s3panel.core.navigate.AccessControlList;
import io.s3panel.core.navigate.BucketSummary;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.navigate.ObjectDetails;
import io.s3panel.core.navigate.ObjectPages;
import io.s3panel.core.objects.BucketOperations;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.core.objects.TransferSettings;
import io.s3panel.core.presign.PresignRequest;
import io.s3panel.core.presign.PresignedUrl;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanResult;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/** {@link S3Account} delegating to the capability implementations over one connection. */
public final class DefaultS3Account implements S3Account {
  private final String identifier;
  private final S3Connection connection;
  private final DefaultBucketNavigator navigator;
  private final DefaultUrlPresigner presigner;
  private final DefaultStorageScanner scanner;
  private final DefaultObjectOperations objects;
  private final DefaultBucketOperations buckets;
  private final DefaultExposureChecks exposure;
  private final boolean ownsConnection;

  /**
   * An account whose health check runs {@code validator}: the check made when the set was added
   * ({@code ConnectionCache.validate} of the set). {@link #close()} closes the connection only when
   * {@code ownsConnection} (a connection from the cache is shared and must stay open).
   */
  public DefaultS3Account(String identifier, S3Connection connection, Executor executor, int grantConcurrency,
      TransferSettings transfers, Runnable validator, Clock clock, boolean ownsConnection) {
    this.identifier = identifier;
    this.ownsConnection = ownsConnection;
    this.connection = connection;
    this.navigator = new DefaultBucketNavigator(connection, executor, grantConcurrency);
    this.presigner = new DefaultUrlPresigner(connection);
    this.scanner = new DefaultStorageScanner(connection, executor);
    this.objects = new DefaultObjectOperations(connection, executor, transfers);
    this.buckets = new DefaultBucketOperations(connection);
    this.exposure = new DefaultExposureChecks(connection, executor, validator, clock);
  }

  @Override
  public ObjectOperations objects() {
    return objects;
  }

  @Override
  public BucketOperations buckets() {
    return buckets;
  }

  @Override
  public String identifier() {
    return identifier;
  }

  @Override
  public String region() {
    return connection.region();
  }

  @Override
  public List<BucketSummary> listBuckets() {
    return navigator.listBuckets();
  }

  @Override
  public List<BucketSummary> listBuckets(boolean includeGrants) {
    return navigator.listBuckets(includeGrants);
  }

  @Override
  public AccessControlList bucketAcl(String bucket) {
    return navigator.bucketAcl(bucket);
  }

  @Override
  public FolderPage folderPage(FolderPageRequest request) {
    return navigator.folderPage(request);
  }

  @Override
  public ObjectDetails objectDetails(String bucket, String key) {
    return navigator.objectDetails(bucket, key);
  }

  @Override
  public AccessControlList objectAcl(String bucket, String key) {
    return navigator.objectAcl(bucket, key);
  }

  @Override
  public ObjectPages listObjects(String bucket, String prefix) {
    return navigator.listObjects(bucket, prefix);
  }

  @Override
  public PresignedUrl presign(PresignRequest request) {
    return presigner.presign(request);
  }

  @Override
  public ScanResult scan(ScanOptions options) {
    return scanner.scan(options);
  }

  @Override
  public ExposureChecks exposure() {
    return exposure;
  }

  @Override
  public void close() {
    if (ownsConnection && connection instanceof OwnedConnection) {
      ((OwnedConnection) connection).close();
    }
  }

  @Override
  public String toString() {
    return "S3Account{" + identifier + ", " + connection + '}';
  }
}
