package io.s3panel.core.exposure;

/** Whether a bucket, or something in it, can be read by anyone. */
public enum Verdict {
  /** At least one check found something public that no public access block neutralises. */
  PUBLIC("public"),
  /** At least one check could be read and none found anything public. */
  NOT_PUBLIC("not_public"),
  /** No check could be read (unsupported by the endpoint, denied, or the bucket vanished). */
  UNKNOWN("unknown");

  private final String code;

  Verdict(String code) {
    this.code = code;
  }

  /** The stable code of the verdict, e.g. {@code not_public}. */
  public String code() {
    return code;
  }
}
