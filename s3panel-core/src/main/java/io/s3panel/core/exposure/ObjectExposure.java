package io.s3panel.core.exposure;

import java.util.List;

/**
 * What the object ACLs of one bucket showed.
 *
 * @param mode how many objects were to be read
 * @param checked objects whose ACL was read
 * @param publicCount of those, objects whose ACL grants READ (or FULL_CONTROL) to AllUsers or
 *     AuthenticatedUsers
 * @param unreadable objects whose ACL could not be read (denied, deleted meanwhile, or unsupported by the endpoint)
 * @param complete true when every object of the bucket was looked at (mode {@code all}, or a sample that
 *     covered the whole bucket)
 * @param examples the first (in key order) up to {@value #MAX_EXAMPLES} public keys
 */
public record ObjectExposure(ObjectMode mode, long checked, long publicCount, long unreadable, boolean complete,
    List<String> examples) {
  /** Most public keys kept as examples. */
  public static final int MAX_EXAMPLES = 20;

  /** Copies the list. */
  public ObjectExposure {
    examples = List.copyOf(examples);
  }
}
