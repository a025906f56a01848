package io.s3panel.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ValidationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void mask_keepsFirstAndLastFour_sameLength() {
    assertThat(Masking.mask("AKIAVFSTZBYXY6NLPLXX")).isEqualTo("AKIA************PLXX");
    assertThat(Masking.mask("EOfKabcdefghijklmnopqrstuvwxyz0123459Efk"))
        .isEqualTo("EOfK********************************9Efk");
  }

  @Test
  void mask_shortValuesEntirely() {
    assertThat(Masking.mask("short")).isEqualTo("*****");
    assertThat(Masking.mask("elevenchars")).isEqualTo("***********");
    assertThat(Masking.mask("")).isEmpty();
    assertThat(Masking.mask(null)).isNull();
  }

  @Test
  void credentialSet_validatesEveryFieldByName_withoutEchoingValues() {
    assertThatThrownBy(() -> CredentialSet.builder().accessKeyId("has space secretvalue").secretAccessKey("")
        .region("Not A Region").endpoint(URI.create("ftp://x")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageNotContaining("secretvalue")
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsOnlyKeys(
            "accessKeyId", "secretAccessKey", "region", "endpoint"));
    assertThatThrownBy(() -> CredentialSet.builder().accessKeyId("AKIAIOSFODNN7EXAMPLE").secretAccessKey("s")
        .endpoint(URI.create("http://user:pw@host:9000")).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("user name or password");
    assertThatThrownBy(() -> CredentialSet.builder().accessKeyId("AKIAIOSFODNN7EXAMPLE").secretAccessKey("s")
        .endpoint(URI.create("http://host:9000/some/path")).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("path");
  }

  @Test
  void credentialRef_identifierRules() {
    assertThat(CredentialRef.isValidIdentifier("romiles")).isTrue();
    assertThat(CredentialRef.isValidIdentifier("a-b_c")).isTrue();
    assertThat(CredentialRef.isValidIdentifier("ab")).isFalse();
    assertThat(CredentialRef.isValidIdentifier("x".repeat(101))).isFalse();
    assertThat(CredentialRef.isValidIdentifier("has space")).isFalse();
    assertThat(CredentialRef.isValidIdentifier("dots.no")).isFalse();
    assertThatThrownBy(() -> new CredentialRef("1", "../x")).isInstanceOf(ValidationException.class);
  }
}
