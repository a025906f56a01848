/**
 * S3 Panel's core: the API packages are exported, {@code io.s3panel.core.internal} is not.
 *
 * <p>On the module path the JVM enforces the boundary; on the class path (the server, the examples, the
 * benchmarks) the ArchUnit tests of each module do (see {@code CoreBoundaryTest}).
 *
 * <p>The AWS SDK and Tink are automatic modules (named in their manifests); their types in the API
 * ({@code S3Connection}'s client, {@code Keysets}' keyset handles) make two of them transitive.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.s3panel.core {
  exports io.s3panel.core;
  exports io.s3panel.core.connect;
  exports io.s3panel.core.credentials;
  exports io.s3panel.core.exposure;
  exports io.s3panel.core.navigate;
  exports io.s3panel.core.objects;
  exports io.s3panel.core.presign;
  exports io.s3panel.core.stats;
  exports io.s3panel.core.vault;

  requires transitive software.amazon.awssdk.services.s3;
  requires transitive com.google.crypto.tink;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.apache;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.metrics;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.services.iam;
  requires software.amazon.awssdk.services.s3control;
  requires software.amazon.awssdk.services.sts;
  requires software.amazon.awssdk.utils;
  requires org.slf4j;
}
