package io.s3panel.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeLabelsTest {
  @Test
  void of_usesBinaryUnitsWithTheOriginalLabelsAndThreeDecimals() {
    assertThat(SizeLabels.of(0)).isEqualTo("0 B");
    assertThat(SizeLabels.of(1023)).isEqualTo("1023 B");
    assertThat(SizeLabels.of(1536)).isEqualTo("1.500 KB");
    assertThat(SizeLabels.of(1_325_000_000L)).isEqualTo("1.234 GB");
    assertThat(SizeLabels.of(Long.MAX_VALUE)).isEqualTo("8.000 EB");
  }
}
