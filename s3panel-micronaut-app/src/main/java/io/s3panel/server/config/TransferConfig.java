package io.s3panel.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.s3panel.core.objects.TransferSettings;

/**
 * Uploads and copies through the server, under {@code s3panel.transfers.*} (environment variables in
 * application.yml and the README).
 *
 * @param partSize bytes per uploaded part (5 MiB to 1 GiB); a body up to this size goes in one PutObject
 * @param partsInFlight parts of one upload sent to S3 at once (1 to 64)
 * @param maxUploadSize largest body one upload may send, in bytes; beyond it 413 {@code payload_too_large}
 */
@ConfigurationProperties("s3panel.transfers")
public record TransferConfig(
    @Bindable(defaultValue = "8388608") long partSize,
    @Bindable(defaultValue = "4") int partsInFlight,
    @Bindable(defaultValue = "5497558138880") long maxUploadSize) {

  /** Checks the settings. */
  public TransferConfig {
    if (maxUploadSize < 1) {
      throw new IllegalArgumentException("S3PANEL_MAX_UPLOAD_SIZE must be a positive number of bytes.");
    }
    settings(partSize, partsInFlight);
  }

  /** The core's transfer settings built from these. */
  public TransferSettings settings() {
    return settings(partSize, partsInFlight);
  }

  private static TransferSettings settings(long partSize, int partsInFlight) {
    return TransferSettings.builder().partSize(partSize).partsInFlight(partsInFlight).build();
  }
}
