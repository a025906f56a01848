package io.s3panel.core;

import io.s3panel.core.exposure.ExposureChecks;
import io.s3panel.core.navigate.BucketNavigator;
import io.s3panel.core.objects.BucketOperations;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.core.presign.UrlPresigner;
import io.s3panel.core.stats.StorageScanner;

/**
 * Everything one credential set can do: browse ({@link BucketNavigator}), presign ({@link UrlPresigner}),
 * count storage ({@link StorageScanner}), change objects ({@link #objects()}) and buckets
 * ({@link #buckets()}) and, through {@link #exposure()}, report what is public and whether the keys
 * work. Obtained from {@link S3Panel#account} (backed by the
 * panel's connection cache; {@link #close()} does nothing) or {@link S3Panel#open} (owns its own client;
 * close it). Thread-safe.
 *
 * <pre>{@code
 * S3Account account = panel.account("alice", "prod");
 * account.listBuckets().forEach(b -> System.out.println(b.name()));
 * }</pre>
 */
public interface S3Account extends BucketNavigator, UrlPresigner, StorageScanner, AutoCloseable {
  /** The credential set's identifier ({@code ""} for an account opened directly from a set). */
  String identifier();

  /** The signing region of the credential set. */
  String region();

  /** Upload, download, delete, copy, move, folders, batches and search in this set's buckets. */
  ObjectOperations objects();

  /** Create and delete this set's buckets. */
  BucketOperations buckets();

  /** What of this set the internet can read, and whether its keys work now. */
  ExposureChecks exposure();

  /** Releases the client if this account owns one. */
  @Override
  void close();
}
