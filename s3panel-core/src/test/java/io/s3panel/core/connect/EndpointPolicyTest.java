package io.s3panel.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {
  /** "Public" names resolve to a documentation address; "evil" names resolve to internal ones. */
  static final EndpointPolicy.HostResolver FAKE_DNS = host -> switch (host) {
    case "evil.example.com" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
    case "intranet.example.com" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
    case "v6.example.com" -> new InetAddress[] {InetAddress.getByName("fd00:ec2::254")};
    case "mixed.example.com" -> new InetAddress[] {InetAddress.getByName("203.0.113.5"), InetAddress.getByName("127.0.0.1")};
    default -> InetAddress.getAllByName(host.endsWith("example.com") ? "203.0.113.10" : host);
  };

  final EndpointPolicy wildcard = EndpointPolicy.builder().allow("*").resolver(FAKE_DNS).build();

  @ParameterizedTest
  @ValueSource(strings = {
      "http://169.254.169.254", "http://169.254.169.254/", "http://[::1]:9000", "http://127.0.0.1:9000",
      "http://localhost:9000", "http://10.0.0.5", "http://192.168.1.1", "http://172.16.0.1", "http://100.64.0.1",
      "http://0.0.0.0", "http://[fd00:ec2::254]", "http://[::ffff:169.254.169.254]", "http://[::ffff:127.0.0.1]",
      "http://evil.example.com", "http://intranet.example.com", "http://v6.example.com", "http://mixed.example.com",
      "http://[fe80::1]"})
  void wildcardAllowlist_neverReachesInternalAddresses(String url) {
    assertThatThrownBy(() -> wildcard.check(URI.create(url)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsKey("endpoint"));
  }

  @Test
  void wildcardAllowlist_allowsPublicHosts() {
    wildcard.check(URI.create("https://minio.example.com"));
    wildcard.check(URI.create("http://203.0.113.7:9000"));
  }

  @Test
  void exactEntries_allowThatHostEvenWhenLoopback() {
    EndpointPolicy policy = EndpointPolicy.parse("127.0.0.1, localhost, [::1]");
    policy.check(URI.create("http://127.0.0.1:9000"));
    policy.check(URI.create("http://localhost:9000"));
    policy.check(URI.create("http://[::1]:9000"));
    assertThat(policy.allows(URI.create("http://127.0.0.2:9000"))).isFalse();
    assertThat(policy.allows(URI.create("http://169.254.169.254"))).isFalse();
  }

  @Test
  void suffixEntries_matchSubdomainsOnly() {
    EndpointPolicy policy = EndpointPolicy.builder().allow("*.r2.cloudflarestorage.com")
        .resolver(h -> new InetAddress[] {InetAddress.getByName("203.0.113.9")}).build();
    policy.check(URI.create("https://acct.r2.cloudflarestorage.com"));
    assertThat(policy.allows(URI.create("https://r2.cloudflarestorage.com"))).isFalse();
    assertThat(policy.allows(URI.create("https://evilr2.cloudflarestorage.com.attacker.net"))).isFalse();
  }

  @Test
  void entryWithSchemeAndPort_allowsOnlyThatSchemeAndPort() {
    EndpointPolicy policy = EndpointPolicy.parse("http://127.0.0.1:9000");
    policy.check(URI.create("http://127.0.0.1:9000"));
    assertThat(policy.allows(URI.create("http://127.0.0.1:9001"))).isFalse();
    assertThat(policy.allows(URI.create("http://127.0.0.1"))).isFalse();
    assertThat(policy.allows(URI.create("https://127.0.0.1:9000"))).isFalse();
    assertThatThrownBy(() -> policy.check(URI.create("http://127.0.0.1:22")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("only with another scheme or port");
  }

  @Test
  void entryWithPort_withoutAPortInTheUrl_matchesTheSchemesDefaultPort() {
    EndpointPolicy policy = EndpointPolicy.builder().allow("minio.example.com:443").allow("http://plain.example.com:80")
        .resolver(FAKE_DNS).build();
    policy.check(URI.create("https://minio.example.com"));
    policy.check(URI.create("http://plain.example.com"));
    assertThat(policy.allows(URI.create("http://minio.example.com"))).isFalse();
  }

  @Test
  void entryWithoutAPort_isTheLooserForm_everyPortOfThatHost() {
    EndpointPolicy policy = EndpointPolicy.parse("127.0.0.1");
    policy.check(URI.create("http://127.0.0.1:9000"));
    policy.check(URI.create("https://127.0.0.1:22"));
    policy.check(URI.create("http://127.0.0.1"));
  }

  @Test
  void wildcardEntryWithScheme_matchesSubdomainsOverThatSchemeOnly() {
    EndpointPolicy policy = EndpointPolicy.builder().allow("https://*.r2.cloudflarestorage.com")
        .resolver(h -> new InetAddress[] {InetAddress.getByName("203.0.113.9")}).build();
    policy.check(URI.create("https://acct.r2.cloudflarestorage.com"));
    policy.check(URI.create("https://acct.r2.cloudflarestorage.com:8443"));
    assertThat(policy.allows(URI.create("http://acct.r2.cloudflarestorage.com"))).isFalse();
  }

  @Test
  void ipv6EntryWithPort_needsBrackets_andMatchesThatPortOnly() {
    EndpointPolicy policy = EndpointPolicy.parse("http://[::1]:9000");
    policy.check(URI.create("http://[::1]:9000"));
    assertThat(policy.allows(URI.create("http://[::1]:9001"))).isFalse();
    assertThat(EndpointPolicy.parse("::1").allows(URI.create("http://[::1]:1234"))).isTrue();
  }

  @Test
  void entries_areShownInCanonicalForm() {
    assertThat(EndpointPolicy.parse("HTTP://LocalHost:9000/, [::1], https://*.R2.example.com, 127.0.0.1").entries())
        .containsExactly("http://localhost:9000", "[::1]", "https://*.r2.example.com", "127.0.0.1");
  }

  @Test
  void privateAddresses_viaWildcard_onlyWhenExplicitlyAllowed_butNeverLinkLocal() {
    EndpointPolicy lenient = EndpointPolicy.builder().allow("*.example.com").allowPrivateAddresses(true)
        .resolver(FAKE_DNS).build();
    lenient.check(URI.create("http://intranet.example.com"));
    assertThat(lenient.allows(URI.create("http://evil.example.com"))).isFalse();
    assertThat(lenient.allows(URI.create("http://v6.example.com"))).isFalse();
  }

  @Test
  void awsOnly_refusesEveryCustomHost_butNotAws() {
    EndpointPolicy aws = EndpointPolicy.awsOnly();
    assertThat(aws.allows(URI.create("https://s3.eu-west-1.amazonaws.com"))).isTrue();
    assertThat(aws.allows(URI.create("http://s3.eu-west-1.amazonaws.com"))).isFalse();
    assertThat(aws.allows(URI.create("https://minio.example.com"))).isFalse();
  }

  @Test
  void unresolvableHost_isAClearValidationError() {
    EndpointPolicy policy = EndpointPolicy.parse("*.invalid");
    assertThatThrownBy(() -> policy.check(URI.create("http://nothing-here.invalid")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cannot be resolved");
  }

  @Test
  void badAllowlistEntries_areRefusedAtConfiguration() {
    assertThatThrownBy(() -> EndpointPolicy.parse("10.0.0.0/8")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EndpointPolicy.parse("a*b.com")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999", "127.0.0.1:abc",
      "http://127.0.0.1:9000/path", "[::1", "[::1]x", "http://", "user@host", "*.", "*x.example.com"})
  void malformedEntries_areRefusedAtConfiguration(String entry) {
    assertThatThrownBy(() -> EndpointPolicy.parse(entry)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[scheme://]host[:port]");
  }
}
