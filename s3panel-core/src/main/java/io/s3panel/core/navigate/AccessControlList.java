package io.s3panel.core.navigate;

import java.util.List;

/**
 * An ACL as S3 returns it.
 *
 * @param owner the owner, or {@code null} if S3 gave none
 * @param grants the grants, in S3's order
 */
public record AccessControlList(Owner owner, List<Grant> grants) {
  /** Copies the list. */
  public AccessControlList {
    grants = List.copyOf(grants);
  }
}
