package io.s3panel.core.exposure;

import io.s3panel.core.ErrorCode;

/**
 * The exposure report of one credential set of an owner, or why that set could not be reported on (its
 * keys are rejected, its endpoint is unreachable, it no longer decrypts). One failing set never fails the
 * others.
 *
 * @param identifier the set's identifier
 * @param report the report, or {@code null} when the set failed
 * @param error why the set failed, or {@code null}
 * @param reason a sentence saying why (never a secret), or {@code null}
 */
public record SetExposure(String identifier, ExposureReport report, ErrorCode error, String reason) {
  /** A set that was reported on. */
  public static SetExposure of(String identifier, ExposureReport report) {
    return new SetExposure(identifier, report, null, null);
  }

  /** A set that could not be reported on. */
  public static SetExposure failed(String identifier, ErrorCode error, String reason) {
    return new SetExposure(identifier, null, error, reason);
  }

  /** True when the set was reported on. */
  public boolean ok() {
    return error == null;
  }
}
