package io.s3panel.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.security.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory per-address and unknown-name counters: limits per window, bounded memory. */
class WindowCounterTest {

  @Test
  void countsUpToTheLimit_thenRefusesUntilTheWindowEnds() {
    MutableClock clock = new MutableClock();
    WindowCounter counter = new WindowCounter(3, Duration.ofMinutes(1), 100, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(counter.tryCount("a")).isEmpty();
    }
    assertThat(counter.tryCount("a")).contains(Duration.ofMinutes(1));
    assertThat(counter.tryCount("b")).as("another key is counted apart").isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(counter.tryCount("a")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(counter.tryCount("a")).as("a new window").isEmpty();
  }

  @Test
  void tenThousandKeys_keepAtMostMaxKeys_andPurgeForgetsFinishedWindows() {
    MutableClock clock = new MutableClock();
    WindowCounter counter = new WindowCounter(10, Duration.ofMinutes(1), 500, clock);
    for (int i = 0; i < 10_000; i++) {
      counter.tryCount("name-" + i);
    }
    assertThat(counter.size()).isEqualTo(500);
    clock.advance(Duration.ofMinutes(1));
    counter.tryCount("fresh");
    counter.purgeExpired();
    assertThat(counter.size()).isEqualTo(1);
  }
}
