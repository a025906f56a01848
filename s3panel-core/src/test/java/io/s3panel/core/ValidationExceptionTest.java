package io.s3panel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationExceptionTest {
  @Test
  void renamed_mapsTheNamedFields_keepsTheOthers_inOrder_withTheOriginalAsCause() {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    errors.put("region", List.of("The region must be a region name such as us-east-1."));
    errors.put("bucket", List.of("The bucket name is required."));
    errors.put("endpoint", List.of("The endpoint URL must name a host."));
    ValidationException e = new ValidationException(errors);

    ValidationException wire = e.renamed(Map.of("region", "region_name", "endpoint", "endpoint_url"));

    assertThat(wire.fieldErrors()).containsExactly(
        Map.entry("region_name", List.of("The region must be a region name such as us-east-1.")),
        Map.entry("bucket", List.of("The bucket name is required.")),
        Map.entry("endpoint_url", List.of("The endpoint URL must name a host.")));
    assertThat(wire.getMessage()).startsWith("region_name: The region").contains("; endpoint_url: The endpoint");
    assertThat(wire.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    assertThat(wire.getCause()).isSameAs(e);
    assertThat(e.fieldErrors()).containsOnlyKeys("region", "bucket", "endpoint");
  }

  @Test
  void renamed_twoFieldsOntoOneName_joinsTheirMessages() {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    errors.put("marker", List.of("a"));
    errors.put("nextMarker", List.of("b"));
    ValidationException e = new ValidationException(errors);
    assertThat(e.renamed(Map.of("marker", "next_marker", "nextMarker", "next_marker")).fieldErrors())
        .containsExactly(Map.entry("next_marker", List.of("a", "b")));
  }

  @Test
  void renamed_withNothingToRename_isTheSameException() {
    ValidationException e = new ValidationException("bucket", "The bucket name is required.");
    assertThat(e.renamed(Map.of("region", "region_name", "bucket", "bucket"))).isSameAs(e);
  }
}
