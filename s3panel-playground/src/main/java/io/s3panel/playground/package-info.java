/**
 * The playground: the S3 Panel server and an S3-compatible store (S3Proxy) full of sample data in one
 * process, started by {@code ./s3panel playground}. A module of its own so that neither the examples nor
 * the server's runnable jar carry S3Proxy.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.playground;
