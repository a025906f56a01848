/**
 * Test fixtures for code that talks to S3: a real S3-compatible server in the test's own JVM
 * ({@link io.s3panel.testing.S3ProxyServer}), faults injected on top of a real server, at the client
 * ({@link io.s3panel.testing.FaultyS3}) or on the wire ({@link io.s3panel.testing.FaultProxy}), an added
 * round trip per request ({@link io.s3panel.testing.LatencyProxy}), and loopback servers that are not S3
 * ({@link io.s3panel.testing.SilentServer}, {@link io.s3panel.testing.ErrorServer},
 * {@link io.s3panel.testing.PlainHttpServer}).
 *
 * <p>Everything listens on a free port of the loopback address and connects only to the target it was
 * given; everything is {@link java.lang.AutoCloseable}, for try-with-resources or a JUnit
 * {@code @AfterAll}. Nothing here depends on s3panel-core.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *   s3.bucket("photos").put("photos", "2024/beach.jpg", "sun");
 *   // point the code under test at s3.endpoint() with s3.accessKeyId() and s3.secretAccessKey()
 * }
 * }</pre>
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.testing;
