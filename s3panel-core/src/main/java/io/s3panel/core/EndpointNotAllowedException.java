package io.s3panel.core;

/**
 * A stored credential set points at an endpoint the endpoint policy does not (or no longer) allow, e.g.
 * after the administrator removed it from the allowlist. Code {@link ErrorCode#ENDPOINT_NOT_ALLOWED}.
 */
public class EndpointNotAllowedException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public EndpointNotAllowedException(String message) {
    super(ErrorCode.ENDPOINT_NOT_ALLOWED, message);
  }

  /** The exception for stored set {@code identifier}, saying what its owner can do. */
  public static EndpointNotAllowedException forSet(String identifier) {
    return new EndpointNotAllowedException("The endpoint of credential set '" + identifier
        + "' is no longer allowed by this server's endpoint policy. Change its endpoint to an allowed one,"
        + " delete the set, or ask the administrator to allow the endpoint again.");
  }
}
