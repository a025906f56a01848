package io.s3panel.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts events per key in fixed windows, in memory, for at most {@code maxKeys} keys: when full, the key
 * whose window began first is forgotten (under a flood of new keys limiting gets looser, memory never grows).
 */
final class WindowCounter {
  private final int limit;
  private final Duration window;
  private final int maxKeys;
  private final Clock clock;
  // Insertion order is window-start order: a key whose window restarts is removed and put back.
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

  WindowCounter(int limit, Duration window, int maxKeys, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.maxKeys = Math.max(1, maxKeys);
    this.clock = clock;
  }

  /** Counts one event for {@code key}; empty when allowed, otherwise how long until the key may try again. */
  synchronized Optional<Duration> tryCount(String key) {
    Instant now = clock.instant();
    Window w = windows.get(key);
    if (w == null || !now.isBefore(w.start.plus(window))) {
      if (w != null) {
        windows.remove(key);
      }
      evictOldestWhileFull();
      windows.put(key, new Window(now));
      return limit >= 1 ? Optional.empty() : Optional.of(window);
    }
    if (w.count >= limit) {
      return Optional.of(Duration.between(now, w.start.plus(window)));
    }
    w.count++;
    return Optional.empty();
  }

  /** Forgets windows that are over. */
  synchronized void purgeExpired() {
    Instant cutoff = clock.instant().minus(window);
    Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().start.isAfter(cutoff)) {
        return; // every later entry began later still
      }
      it.remove();
    }
  }

  /** Keys remembered right now. */
  synchronized int size() {
    return windows.size();
  }

  private void evictOldestWhileFull() {
    Iterator<String> it = windows.keySet().iterator();
    while (windows.size() >= maxKeys && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** One key's current window. */
  private static final class Window {
    final Instant start;
    int count = 1;

    Window(Instant start) {
      this.start = start;
    }
  }
}
