package io.s3panel.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ValidationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The path-style default and endpoint parsing: the rules the HTTP layer takes from the core. */
class CredentialSetDefaultsTest {
  private static CredentialSet.Builder keys() {
    return CredentialSet.builder().accessKeyId("AKIAIOSFODNN7EXAMPLE").secretAccessKey("secret-secret");
  }

  @Test
  void pathStyle_defaultsToTrueWithAnEndpoint_andFalseWithout() {
    assertThat(keys().endpoint(URI.create("http://127.0.0.1:9000")).build().pathStyle()).isTrue();
    assertThat(keys().build().pathStyle()).isFalse();
  }

  @Test
  void pathStyle_setExplicitly_winsOverTheDefault_andSurvivesToBuilder() {
    CredentialSet virtualHosted = keys().endpoint(URI.create("https://s3.example.com")).pathStyle(false).build();
    assertThat(virtualHosted.pathStyle()).isFalse();
    assertThat(virtualHosted.toBuilder().region("eu-west-1").build().pathStyle()).isFalse();
    assertThat(keys().pathStyle(true).build().pathStyle()).isTrue();
  }

  @Test
  void parseEndpoint_acceptsSchemeHostPort_andNothingMeansAws() {
    assertThat(CredentialSet.parseEndpoint("http://127.0.0.1:9000")).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(CredentialSet.parseEndpoint(null)).isNull();
    assertThat(CredentialSet.parseEndpoint("")).isNull();
  }

  @Test
  void parseEndpoint_refusesWhatIsNotAUsableEndpoint_onTheEndpointField() {
    for (String bad : new String[] {"not a url", "http://", "ftp://host", "host:9000", "http://u:p@host",
        "http://host/path", "http://host?x=1", "http://host_name"}) {
      assertThatThrownBy(() -> CredentialSet.parseEndpoint(bad)).as(bad)
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.fieldErrors()).hasSize(1)
                  .allSatisfy((field, messages) -> assertThat(field).contains("endpoint")));
    }
  }
}
