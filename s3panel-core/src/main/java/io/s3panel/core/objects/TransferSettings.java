package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import java.time.Duration;

/**
 * Sizes, bounds and time limits of uploads and copies. Immutable; {@link #defaults()} suits a server.
 *
 * <p>Memory: an upload holds at most {@code (partsInFlight + 1) × partSize} bytes (parts being sent plus
 * the one being filled), 40 MiB with the defaults, whatever the object's size. A copy across credential
 * sets goes through the same upload path and is bounded the same way.
 *
 * <pre>{@code
 * TransferSettings small = TransferSettings.builder().partSize(5 * TransferSettings.MIB).partsInFlight(2).build();
 * }</pre>
 */
public final class TransferSettings {
  /** One mebibyte. */
  public static final long MIB = 1024L * 1024;
  /** One gibibyte. */
  public static final long GIB = 1024L * MIB;
  /** S3's smallest part (every part but the last). */
  public static final long MIN_PART_SIZE = 5 * MIB;
  /** S3's largest part. */
  public static final long MAX_PART_SIZE = 5 * GIB;
  /** S3's largest number of parts in one multipart upload. */
  public static final int MAX_PARTS = 10_000;

  private final int partSize;
  private final int partsInFlight;
  private final long multipartCopyThreshold;
  private final long copyPartSize;
  private final Duration transferCallTimeout;

  private TransferSettings(Builder b) {
    this.partSize = (int) b.partSize;
    this.partsInFlight = b.partsInFlight;
    this.multipartCopyThreshold = b.multipartCopyThreshold;
    this.copyPartSize = b.copyPartSize;
    this.transferCallTimeout = b.transferCallTimeout;
  }

  /** 8 MiB parts, 4 in flight, multipart copy above 5 GiB in 512 MiB parts, 10 minutes per transfer call. */
  public static TransferSettings defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return builder().partSize(partSize).partsInFlight(partsInFlight).multipartCopyThreshold(multipartCopyThreshold)
        .copyPartSize(copyPartSize).transferCallTimeout(transferCallTimeout);
  }

  /**
   * Bytes per uploaded part; a body shorter than this (or exactly this long) is sent with one PutObject.
   * Objects beyond {@code partSize × 10,000} bytes cannot be uploaded from a stream of unknown length.
   */
  public int partSize() {
    return partSize;
  }

  /** Parts of one upload sent at the same time. */
  public int partsInFlight() {
    return partsInFlight;
  }

  /** Objects larger than this are copied server-side part by part (UploadPartCopy) instead of by CopyObject. */
  public long multipartCopyThreshold() {
    return multipartCopyThreshold;
  }

  /** Part size of a multipart copy (raised when needed to stay within 10,000 parts). */
  public long copyPartSize() {
    return copyPartSize;
  }

  /**
   * Time allowed for one call that moves object bytes (PutObject, UploadPart, CopyObject, UploadPartCopy,
   * CompleteMultipartUpload); other calls keep the connection's own timeouts.
   */
  public Duration transferCallTimeout() {
    return transferCallTimeout;
  }

  @Override
  public String toString() {
    return "TransferSettings{partSize=" + partSize + ", partsInFlight=" + partsInFlight + ", multipartCopyThreshold="
        + multipartCopyThreshold + ", copyPartSize=" + copyPartSize + ", transferCallTimeout=" + transferCallTimeout + '}';
  }

  /** Builds {@link TransferSettings}; {@link #build()} validates. */
  public static final class Builder {
    private long partSize = 8 * MIB;
    private int partsInFlight = 4;
    private long multipartCopyThreshold = 5 * GIB;
    private long copyPartSize = 512 * MIB;
    private Duration transferCallTimeout = Duration.ofMinutes(10);

    private Builder() {}

    /** 5 MiB to 1 GiB (held in memory); default 8 MiB. */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /** 1 to 64; default 4. */
    public Builder partsInFlight(int value) {
      this.partsInFlight = value;
      return this;
    }

    /** 1 byte to 5 GiB (CopyObject's own limit); default 5 GiB. */
    public Builder multipartCopyThreshold(long bytes) {
      this.multipartCopyThreshold = bytes;
      return this;
    }

    /** 5 MiB to 5 GiB; default 512 MiB. */
    public Builder copyPartSize(long bytes) {
      this.copyPartSize = bytes;
      return this;
    }

    /** Positive; default 10 minutes. */
    public Builder transferCallTimeout(Duration value) {
      this.transferCallTimeout = value;
      return this;
    }

    /** Validates and builds; throws {@link ValidationException} naming the bad setting. */
    public TransferSettings build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(partSize < MIN_PART_SIZE || partSize > GIB, "partSize", "Must be 5 MiB to 1 GiB.");
      errors.check(partsInFlight < 1 || partsInFlight > 64, "partsInFlight", "Must be 1 to 64.");
      errors.check(multipartCopyThreshold < 1 || multipartCopyThreshold > MAX_PART_SIZE, "multipartCopyThreshold",
          "Must be 1 byte to 5 GiB.");
      errors.check(copyPartSize < MIN_PART_SIZE || copyPartSize > MAX_PART_SIZE, "copyPartSize",
          "Must be 5 MiB to 5 GiB.");
      errors.check(transferCallTimeout == null || transferCallTimeout.isNegative() || transferCallTimeout.isZero(),
          "transferCallTimeout", "Must be a positive duration.");
      errors.throwIfAny();
      return new TransferSettings(this);
    }
  }
}
