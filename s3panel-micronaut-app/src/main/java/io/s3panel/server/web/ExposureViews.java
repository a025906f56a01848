package io.s3panel.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.s3panel.core.credentials.CredentialSummary;
import io.s3panel.core.exposure.CredentialHealth;
import io.s3panel.server.persistence.LastHealth;
import java.time.Instant;

/** The JSON shapes of the exposure report's section of docs/API.md that are not task results. */
final class ExposureViews {
  private ExposureViews() {}

  /** The answer of {@code GET /api/aws-credentials/{identifier}/health}. */
  @Serdeable
  record HealthView(
      boolean ok,
      @JsonProperty("checked_at") Instant checkedAt,
      @JsonProperty("latency_ms") long latencyMs,
      @Nullable String code,
      @Nullable String message,
      @Nullable Integer buckets,
      @JsonProperty("key_age_days") @Nullable Long keyAgeDays,
      @JsonProperty("last_used") @Nullable Instant lastUsed,
      @JsonProperty("last_used_service") @Nullable String lastUsedService,
      @JsonProperty("key_info_note") @Nullable String keyInfoNote) {
    static HealthView of(CredentialHealth h) {
      return new HealthView(h.ok(), h.checkedAt(), h.latencyMillis(), h.code() == null ? null : h.code().code(),
          h.message(), h.buckets(), h.keyAgeDays(), h.lastUsed(), h.lastUsedService(), h.keyInfoNote());
    }
  }

  /** A set's last recorded health in the list: {@code ok}, {@code failing} (with the code) or {@code never_checked}. */
  @Serdeable
  record LastHealthView(
      String status,
      @Nullable String code,
      @JsonProperty("checked_at") @Nullable Instant checkedAt,
      @JsonProperty("latency_ms") @Nullable Long latencyMs) {
    static final LastHealthView NEVER_CHECKED = new LastHealthView("never_checked", null, null, null);

    static LastHealthView of(@Nullable LastHealth h) {
      if (h == null) {
        return NEVER_CHECKED;
      }
      return new LastHealthView(h.ok() ? "ok" : "failing", h.code(), h.checkedAt(), h.latencyMs());
    }
  }

  /** A masked credential set as listed: the fields of {@link Views.CredentialView} plus {@code health}. */
  @Serdeable
  record ListedCredentialView(@JsonUnwrapped Views.CredentialView set, LastHealthView health) {
    static ListedCredentialView of(CredentialSummary s, @Nullable LastHealth h) {
      return new ListedCredentialView(Views.CredentialView.of(s), LastHealthView.of(h));
    }
  }
}
