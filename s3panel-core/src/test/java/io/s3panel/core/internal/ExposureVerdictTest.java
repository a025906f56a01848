package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.Check;
import io.s3panel.core.exposure.ObjectExposure;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.core.exposure.PublicAccessBlock;
import io.s3panel.core.exposure.Verdict;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.navigate.Grantee;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict rules on their own, for the answers S3Proxy cannot give (a policy status, a public access block). */
class ExposureVerdictTest {
  static final Grant ALL_READ = new Grant(new Grantee("Group", null, null, DefaultExposureChecks.ALL_USERS, null), "READ");
  static final Grant AUTH_WRITE =
      new Grant(new Grantee("Group", null, null, DefaultExposureChecks.AUTHENTICATED_USERS, null), "WRITE");
  static final Grant OWNER = new Grant(new Grantee("CanonicalUser", "abc", "me", null, null), "FULL_CONTROL");
  static final Check<ObjectExposure> NO_OBJECTS = Check.unavailable("Object ACLs were not checked (objects: none).");

  static Check<PublicAccessBlock> block(boolean ignoreAcls, boolean restrict) {
    return Check.of(new PublicAccessBlock(false, ignoreAcls, false, restrict));
  }

  @Test
  void publicGrants_keepOnlyAllUsersAndAuthenticatedUsers() {
    assertThat(DefaultExposureChecks.publicGrants(List.of(OWNER, ALL_READ, AUTH_WRITE))).containsExactly(ALL_READ, AUTH_WRITE);
    assertThat(DefaultExposureChecks.publicRead(List.of(OWNER, AUTH_WRITE))).isFalse();
    assertThat(DefaultExposureChecks.publicRead(List.of(OWNER, ALL_READ))).isTrue();
  }

  @Test
  void publicAclAndPolicy_withoutBlock_arePublic_withOneReasonEach() {
    BucketExposure b = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ, AUTH_WRITE)), Check.of(true),
        Check.of(PublicAccessBlock.NONE), NO_OBJECTS);
    assertThat(b.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(b.reasons()).contains("READ for AllUsers in the bucket ACL", "WRITE for AuthenticatedUsers in the bucket ACL",
        "The bucket policy is public");
  }

  @Test
  void ignorePublicAcls_neutralisesAclsOfBucketAndObjects_butNotAPublicPolicy() {
    Check<ObjectExposure> objects = Check.of(new ObjectExposure(ObjectMode.SAMPLE, 1000, 12, 0, false, List.of("a")));
    BucketExposure aclsOnly = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ)), Check.of(false),
        block(true, false), objects);
    assertThat(aclsOnly.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
    assertThat(aclsOnly.reasons()).contains(
        "READ for AllUsers in the bucket ACL, ignored by IgnorePublicAcls of the bucket's public access block",
        "12 of 1,000 sampled objects are public-read, ignored by IgnorePublicAcls of the bucket's public access block");

    BucketExposure policy = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ)), Check.of(true),
        block(true, false), objects);
    assertThat(policy.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(policy.reasons()).contains("The bucket policy is public");
  }

  @Test
  void restrictPublicBuckets_neutralisesAPublicPolicy() {
    BucketExposure b = DefaultExposureChecks.verdict("b", Check.of(List.of()), Check.of(true), block(false, true), NO_OBJECTS);
    assertThat(b.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
    assertThat(b.reasons()).anyMatch(r -> r.contains("restricted by RestrictPublicBuckets"));
  }

  @Test
  void publicObjects_alonePublic_completeSaysChecked() {
    Check<ObjectExposure> objects = Check.of(new ObjectExposure(ObjectMode.ALL, 500, 3, 0, true, List.of("x", "y", "z")));
    BucketExposure b = DefaultExposureChecks.verdict("b", Check.unavailable("Not allowed to read the bucket ACL of this bucket."),
        Check.unavailable("no"), Check.unavailable("no"), objects);
    assertThat(b.verdict()).isEqualTo(Verdict.PUBLIC);
    assertThat(b.reasons()).contains("3 of 500 checked objects are public-read",
        "Not allowed to read the bucket ACL of this bucket.");
  }

  @Test
  void nothingReadable_isUnknown_andZeroObjectsCheckedDoesNotCount() {
    Check<ObjectExposure> none = Check.of(new ObjectExposure(ObjectMode.ALL, 0, 0, 4, true, List.of()));
    BucketExposure b = DefaultExposureChecks.verdict("b", Check.unavailable("a"), Check.unavailable("p"),
        Check.unavailable("k"), none);
    assertThat(b.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(b.reasons()).containsExactly("Nothing about this bucket could be read", "a", "p", "k",
        "The ACL of 4 objects could not be read");
  }

  @Test
  void accountPublicAccessBlock_mitigatesLikeTheBucketsOwn_andIsNamed() {
    Check<PublicAccessBlock> account = block(true, true);
    BucketExposure b = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ)), Check.of(true),
        Check.of(PublicAccessBlock.NONE), account, NO_OBJECTS);
    assertThat(b.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
    assertThat(b.reasons()).contains(
        "READ for AllUsers in the bucket ACL, ignored by IgnorePublicAcls of the account's public access block",
        "The bucket policy is public, restricted by RestrictPublicBuckets of the account's public access block");
    // The bucket's own block is named first when both have the flag.
    BucketExposure both = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ)), Check.of(false),
        block(true, false), account, NO_OBJECTS);
    assertThat(both.reasons()).contains(
        "READ for AllUsers in the bucket ACL, ignored by IgnorePublicAcls of the bucket's public access block");
    // An account block that could not be read mitigates nothing.
    BucketExposure unread = DefaultExposureChecks.verdict("b", Check.of(List.of(ALL_READ)), Check.of(false),
        Check.of(PublicAccessBlock.NONE), Check.unavailable("Not allowed."), NO_OBJECTS);
    assertThat(unread.verdict()).isEqualTo(Verdict.PUBLIC);
  }
}
