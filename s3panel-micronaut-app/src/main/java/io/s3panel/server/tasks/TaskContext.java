package io.s3panel.server.tasks;

import io.micronaut.core.annotation.Nullable;
import io.s3panel.core.stats.Cancellation;
import io.s3panel.server.persistence.TaskKind;
import java.util.Map;

/** What a {@link TaskHandler} gets to run one task: its identity, parameters, a progress sink and a stop flag. */
public interface TaskContext {

  /** The task id. */
  String taskId();

  /** The kind of the task. */
  TaskKind kind();

  /** The user who started it (the core's owner is {@code Long.toString(userId())}). */
  long userId();

  /** The credential set it works on, or {@code null} for a task over several sets. */
  @Nullable
  String credentialIdentifier();

  /** The parameters given at submission (empty if none). */
  Map<String, Object> parameters();

  /** Records progress; cheap to call often, the machinery writes at most every {@code progress-interval}. */
  void progress(Map<String, Object> progress);

  /**
   * Records what has been done so far, shown as the result if the task is cancelled (without it a cancelled
   * task shows its last progress) or fails with an {@link io.s3panel.core.S3PanelException} (then beside the
   * message).
   */
  void partialResult(Map<String, Object> result);

  /** Set when the owner cancels the task or the server shuts down; stop at the next check. */
  Cancellation cancellation();
}
