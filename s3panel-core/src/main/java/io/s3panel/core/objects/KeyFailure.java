package io.s3panel.core.objects;

import io.s3panel.core.ErrorCode;

/**
 * One object an operation could not handle.
 *
 * @param key the object key (for a failed prefix listing: the prefix)
 * @param code the stable error code, e.g. {@link ErrorCode#AWS_ACCESS_DENIED}
 * @param message a sentence saying what went wrong; never a secret
 */
public record KeyFailure(String key, ErrorCode code, String message) {}
