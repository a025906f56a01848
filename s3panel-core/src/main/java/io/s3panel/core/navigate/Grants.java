package io.s3panel.core.navigate;

import io.s3panel.core.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one ACL look-up inside a listing: either the grants, or why they are unavailable.
 * A failed look-up never fails the listing it belongs to.
 *
 * @param list the grants; empty when unavailable
 * @param error why the grants are unavailable, or {@code null} when they are available
 * @param reason a sentence saying why, or {@code null} when available
 */
public record Grants(List<Grant> list, ErrorCode error, String reason) {
  /** Copies the list. */
  public Grants {
    list = List.copyOf(list);
    if ((error == null) != (reason == null)) {
      throw new IllegalArgumentException("error and reason go together");
    }
  }

  /** Grants that were read. */
  public static Grants of(List<Grant> grants) {
    return new Grants(grants, null, null);
  }

  /** Grants that could not be read. */
  public static Grants unavailable(ErrorCode error, String reason) {
    return new Grants(List.of(), Objects.requireNonNull(error), Objects.requireNonNull(reason));
  }

  /** True when the grants were read. */
  public boolean available() {
    return error == null;
  }
}
