package io.s3panel.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.navigate.FileEntry;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import io.s3panel.testing.FaultProxy;
import io.s3panel.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing your application": an application that embeds the core tests it against
 * s3panel-testing's S3Proxy, as written there, and against an injected fault.
 */
class TestingYourApplicationTest {

  @Test
  void readmeExample_listsTheSeededFolder() {
    try (S3ProxyServer s3 = S3ProxyServer.start()) {                                // a real S3 on a free loopback port
      s3.bucket("photos").put("photos", "2024/beach.jpg", "sun");                    // seed it
      CredentialSet set = CredentialSet.builder().accessKeyId(s3.accessKeyId()).secretAccessKey(s3.secretAccessKey())
          .region(s3.region()).endpoint(s3.endpoint()).pathStyle(true).build();      // point the code under test at it

      try (S3Panel panel = S3Panel.builder().vault(Vault.create(Keysets.generate()))
              .endpointPolicy(EndpointPolicy.parse("127.0.0.1")).build();             // custom endpoints must be allowed
          S3Account account = panel.open(set)) {
        FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("2024/")));
        assertThat(page.files()).extracting(FileEntry::key).containsExactly("2024/beach.jpg");
      }
    }
  }

  @Test
  void faultProxy_inFrontOfTheFixture_turnsADeleteIntoTheLibrarysAccessDenied() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        FaultProxy deny = FaultProxy.start(s3.endpoint(), "DELETE .*", "AccessDenied", 0);
        S3Panel panel = S3Panel.builder().vault(Vault.create(Keysets.generate()))
            .endpointPolicy(EndpointPolicy.parse("127.0.0.1")).build();
        S3Account account = panel.open(CredentialSet.builder().accessKeyId(s3.accessKeyId())
            .secretAccessKey(s3.secretAccessKey()).region(s3.region()).endpoint(deny.endpoint()).pathStyle(true)
            .build())) {
      s3.bucket("photos").put("photos", "keep.jpg", "x");

      assertThatThrownBy(() -> account.objects().delete("photos", "keep.jpg")).isInstanceOf(AccessDeniedException.class);

      assertThat(deny.denied()).isEqualTo(1);
      assertThat(s3.admin().getObjectAsBytes(b -> b.bucket("photos").key("keep.jpg")).asUtf8String()).isEqualTo("x");
    }
  }
}
