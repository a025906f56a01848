package io.s3panel.server.tasks;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the task machinery, under {@code s3panel.tasks.*} (environment variables in application.yml,
 * meanings in the README).
 *
 * @param workers tasks this server instance runs at once (a bounded pool; others wait queued)
 * @param perUserMax queued plus running tasks one user may have, every kind together (beyond: 429)
 * @param perUserRunning tasks of one user running at once on the whole cluster, so one user never holds
 *     every worker
 * @param queueMax queued tasks of all users together (beyond: 503)
 * @param pollInterval how often an instance looks for queued work and for cancel requests of its tasks
 * @param progressInterval least time between two progress writes of one task
 * @param heartbeat how often a running task records that its server is alive
 * @param staleAfter a running task silent this long is declared failed (its server died)
 * @param sweepInterval how often stale tasks are failed and old ones purged
 * @param retention how long finished tasks (and their results) are kept
 * @param listLimit most tasks {@code GET /api/tasks} returns (the newest)
 * @param dispatch this instance claims and runs queued tasks ({@code false}: it only accepts and answers
 *     about them, e.g. an API-only instance, or a test of the storage alone)
 */
@ConfigurationProperties("s3panel.tasks")
public record TaskConfig(
    @Bindable(defaultValue = "4") int workers,
    @Bindable(defaultValue = "5") int perUserMax,
    @Bindable(defaultValue = "2") int perUserRunning,
    @Bindable(defaultValue = "1000") int queueMax,
    @Bindable(defaultValue = "250ms") Duration pollInterval,
    @Bindable(defaultValue = "500ms") Duration progressInterval,
    @Bindable(defaultValue = "5s") Duration heartbeat,
    @Bindable(defaultValue = "60s") Duration staleAfter,
    @Bindable(defaultValue = "15s") Duration sweepInterval,
    @Bindable(defaultValue = "7d") Duration retention,
    @Bindable(defaultValue = "100") int listLimit,
    @Bindable(defaultValue = "true") boolean dispatch) {

  /** Refuses settings that cannot work. */
  public TaskConfig {
    if (workers < 1 || perUserMax < 1 || perUserRunning < 1 || queueMax < 1 || listLimit < 1) {
      throw new IllegalArgumentException("s3panel.tasks: workers, per-user-max, per-user-running, queue-max and"
          + " list-limit must be at least 1");
    }
    if (staleAfter.compareTo(heartbeat.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException("s3panel.tasks.stale-after must be more than twice the heartbeat");
    }
  }
}
