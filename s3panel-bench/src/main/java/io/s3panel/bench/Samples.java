package io.s3panel.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, bounded in count; percentiles by sorting. */
public final class Samples {
  private long[] values;
  private int size;

  /** Room for {@code capacity} samples; more are dropped (and counted in {@link #dropped()}). */
  public Samples(int capacity) {
    this.values = new long[Math.max(16, Math.min(capacity, 1024))];
    this.capacity = capacity;
  }

  private final int capacity;
  private long dropped;

  /** Adds one sample. */
  public void add(long nanos) {
    if (size == values.length) {
      if (size >= capacity) {
        dropped++;
        return;
      }
      values = Arrays.copyOf(values, Math.min(capacity, size * 2));
    }
    values[size++] = nanos;
  }

  /** Adds all of {@code other}. */
  public synchronized void addAll(Samples other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
    dropped += other.dropped;
  }

  /** Samples kept. */
  public int count() {
    return size;
  }

  /** Samples over capacity. */
  public long dropped() {
    return dropped;
  }

  /** The {@code p}-th percentile (0–100) in milliseconds, nearest rank. */
  public double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  /** Median in milliseconds. */
  public double p50() {
    return percentileMs(50);
  }

  /** 99th percentile in milliseconds. */
  public double p99() {
    return percentileMs(99);
  }

  /** Mean in milliseconds. */
  public double meanMs() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return size == 0 ? Double.NaN : sum / 1e6 / size;
  }

  /** Minimum in milliseconds. */
  public double minMs() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, values[i]);
    }
    return size == 0 ? Double.NaN : min / 1e6;
  }
}
