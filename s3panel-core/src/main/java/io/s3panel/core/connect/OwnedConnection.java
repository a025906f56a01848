package io.s3panel.core.connect;

/** An {@link S3Connection} its caller owns and must close (see {@link ConnectionCache#open}). */
public interface OwnedConnection extends S3Connection, AutoCloseable {
  /** Closes the client and the presigner; idempotent. */
  @Override
  void close();
}
