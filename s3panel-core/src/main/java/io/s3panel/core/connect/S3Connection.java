package io.s3panel.core.connect;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An S3 client and presigner for one credential set, configured with its region, endpoint, path-style
 * flag and session token, and with the timeouts and retry bounds of {@link ConnectionSettings}.
 *
 * <p>The AWS SDK's {@link S3Client} and {@link S3Presigner} are deliberately part of this interface: it
 * is the escape hatch for what the core does not wrap (and the seam tests wrap to inject faults). The
 * rest of the public API names no SDK type.
 *
 * <p>Thread-safe; meant to be shared. Connections from {@link ConnectionCache#get} belong to the cache,
 * which closes them on eviction, update and delete.
 */
public interface S3Connection {
  /** The synchronous S3 client. */
  S3Client s3();

  /** The presigner, built on first use. */
  S3Presigner presigner();

  /** The signing region. */
  String region();

  /** The custom endpoint, empty for AWS. */
  Optional<URI> endpoint();

  /** True when buckets are addressed path-style. */
  boolean pathStyle();
}
