package io.s3panel.server.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests can move forward; replaces the server's clock when {@code test.mutable-clock=true}. */
@Singleton
@Replaces(Clock.class)
@Requires(property = "test.mutable-clock", value = "true")
public final class MutableClock extends Clock {
  private volatile Instant now = Instant.now();

  /** Moves time forward. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
