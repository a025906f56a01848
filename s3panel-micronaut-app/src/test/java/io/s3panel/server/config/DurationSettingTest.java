package io.s3panel.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Periods such as S3PANEL_CREDENTIAL_CACHE_TTL: a bare {@code 0} means none, units and ISO-8601 work. */
class DurationSettingTest {

  @Test
  void bareZero_isNone_andUnitsAndIsoAreRead() {
    assertThat(S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "0")).isEqualTo(Duration.ZERO);
    assertThat(S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void negativeOrUnreadable_isRefused_namingTheVariable() {
    assertThatThrownBy(() -> S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "PT-1S"))
        .hasMessageContaining("S3PANEL_CREDENTIAL_CACHE_TTL");
    assertThatThrownBy(() -> S3PanelConfig.duration("S3PANEL_CREDENTIAL_CACHE_TTL", "soon"))
        .hasMessageContaining("S3PANEL_CREDENTIAL_CACHE_TTL");
  }
}
