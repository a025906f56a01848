package io.s3panel.server.batch;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.objects.BatchAction;
import io.s3panel.core.objects.BatchListener;
import io.s3panel.core.objects.BatchOptions;
import io.s3panel.core.objects.BatchProgress;
import io.s3panel.core.objects.BatchRequest;
import io.s3panel.core.objects.BatchResult;
import io.s3panel.core.objects.KeyFailure;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.server.persistence.TaskKind;
import io.s3panel.server.tasks.TaskContext;
import io.s3panel.server.tasks.TaskHandler;
import io.s3panel.server.tasks.TaskService;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch object operations, the second kind of task: delete, copy or move over named keys and prefixes of one
 * bucket, run by the core's batch runner. The parameters (action, bucket, keys, prefixes, the resolved
 * destination) are stored in the task row, so any instance sharing the database can run it.
 *
 * <p>Ends: every object attempted → {@code completed} with the result; cancelled → {@code cancelled} with
 * what was done (the runner starts no write once the flag is set, so nothing is written after); a failure
 * concerning every object (S3 unreachable, keys rejected, bucket gone) → {@code failed} with that failure's
 * message and, as {@code result}, what was done until then.
 */
@Singleton
public final class BatchService implements TaskHandler {
  /** The body's names of the core's batch destination fields: {@code destination.bucket}, {@code destination.prefix}. */
  private static final Map<String, String> WIRE_NAMES =
      Map.of("destinationBucket", "destination.bucket", "destinationPrefix", "destination.prefix");

  private final BeanProvider<S3Panel> panel;
  private final BeanProvider<TaskService> tasks;

  BatchService(BeanProvider<S3Panel> panel, BeanProvider<TaskService> tasks) {
    this.panel = panel;
    this.tasks = tasks;
  }

  /**
   * What a caller asks for, as read from the request.
   *
   * @param action {@code delete}, {@code copy} or {@code move} (any case)
   * @param bucket the source bucket
   * @param keys keys named one by one, or {@code null}
   * @param prefixes prefixes whose every object is included, or {@code null}
   * @param destination for copy and move; {@code null} means the source set and bucket with prefix {@code ""}
   */
  public record Spec(String action, String bucket, @Nullable List<String> keys, @Nullable List<String> prefixes,
      @Nullable Destination destination) {}

  /**
   * Where copies land.
   *
   * @param credential the caller's set ({@code null}: the source set)
   * @param bucket the bucket ({@code null}: the source bucket)
   * @param prefix the prefix, {@code ""} or ending with {@code /} ({@code null}: {@code ""})
   */
  public record Destination(@Nullable String credential, @Nullable String bucket, @Nullable String prefix) {}

  /**
   * Validates the batch and queues it as a task of the caller's set {@code identifier} ({@code null}: the
   * oldest); returns the task id. Validation uses the core's rules with the API's field names.
   *
   * @throws io.s3panel.core.NotFoundException if the source or the destination set is not the caller's
   * @throws ValidationException on a field that is not valid
   * @throws io.s3panel.server.tasks.TaskRefusedException if the caller's cap or the server's queue is full
   */
  public String start(long userId, @Nullable String identifier, Spec spec) {
    String owner = Long.toString(userId);
    BatchAction action = BatchAction.parse(spec.action())
        .orElseThrow(() -> new ValidationException("action", "action must be delete, copy or move."));
    S3Account source = panel.get().account(owner, identifier);
    Destination d = spec.destination();
    if (action != BatchAction.DELETE && d == null) {
      throw new ValidationException("destination", "A copy or move needs a destination.");
    }
    if (action == BatchAction.DELETE && d != null) {
      throw new ValidationException("destination", "A delete takes no destination.");
    }
    String destinationSet = null;
    if (d != null) {
      destinationSet = d.credential() == null || d.credential().isEmpty()
          ? source.identifier()
          : panel.get().account(owner, d.credential()).identifier();
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("action", action.code());
    parameters.put("bucket", spec.bucket());
    parameters.put("keys", spec.keys() == null ? List.of() : spec.keys());
    parameters.put("prefixes", spec.prefixes() == null ? List.of() : spec.prefixes());
    if (d != null) {
      Map<String, Object> dest = new LinkedHashMap<>();
      dest.put("aws_cred", destinationSet);
      dest.put("bucket", d.bucket() == null || d.bucket().isEmpty() ? spec.bucket() : d.bucket());
      dest.put("prefix", d.prefix() == null ? "" : d.prefix());
      parameters.put("destination", dest);
    }
    BatchRequest request = request(parameters, null);
    checkNotInsideItself(request, source.identifier(), destinationSet);
    return tasks.get().submit(userId, TaskKind.BATCH, source.identifier(), parameters, null).taskId();
  }

  @Override
  public TaskKind kind() {
    return TaskKind.BATCH;
  }

  @Override
  public Map<String, Object> initialProgress() {
    return progress(new BatchProgress(0, 0, 0));
  }

  /** Runs the batch on the task's worker thread; the runner itself watches the cancellation before every write. */
  @Override
  public Map<String, Object> run(TaskContext context) throws Exception {
    String owner = Long.toString(context.userId());
    Map<String, Object> parameters = context.parameters();
    S3Account source = panel.get().account(owner, context.credentialIdentifier());
    ObjectOperations destination = null;
    if (parameters.get("destination") instanceof Map<?, ?> d && d.get("aws_cred") instanceof String set
        && !set.equals(source.identifier())) {
      destination = panel.get().account(owner, set).objects();
    }
    BatchResult result;
    try {
      result = source.objects().runBatch(request(parameters, destination), BatchOptions.builder()
          .cancellation(context.cancellation())
          .listener(BatchListener.ofProgress(p -> context.progress(progress(p))))
          .build());
    } catch (ValidationException e) {
      throw e.renamed(WIRE_NAMES);
    }
    Map<String, Object> document = document(result);
    switch (result.outcome()) {
      case COMPLETED -> {
        return document;
      }
      case CANCELLED -> {
        context.partialResult(document);
        throw new OperationCancelledException("The batch was cancelled.");
      }
      default -> {
        context.partialResult(document);
        KeyFailure stop = result.stoppedBy();
        throw new S3PanelException(stop.code(), "The batch stopped early: " + stop.message());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static BatchRequest request(Map<String, Object> parameters, @Nullable ObjectOperations destination) {
    try {
      return BatchRequest.of(b -> {
        b.action(BatchAction.parse((String) parameters.get("action")).orElse(null))
            .bucket((String) parameters.get("bucket"))
            .keys((List<String>) parameters.get("keys"))
            .prefixes((List<String>) parameters.get("prefixes"));
        if (parameters.get("destination") instanceof Map<?, ?> d) {
          b.destination(destination, (String) d.get("bucket"), (String) d.get("prefix"));
        }
      });
    } catch (ValidationException e) {
      throw e.renamed(WIRE_NAMES);
    }
  }

  /** The core refuses this when the batch runs; refusing it on submission answers 400 instead of a failed task. */
  private static void checkNotInsideItself(BatchRequest request, String sourceSet, @Nullable String destinationSet) {
    if (request.action() == BatchAction.DELETE || !sourceSet.equals(destinationSet)
        || !request.destinationBucket().equals(request.bucket())) {
      return;
    }
    for (String p : request.prefixes()) {
      if (request.destinationPrefix().startsWith(p)) {
        throw new ValidationException("destination.prefix", "The destination prefix lies inside the source prefix '"
            + p + "'; the batch would handle its own copies again.");
      }
    }
  }

  private static Map<String, Object> progress(BatchProgress p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objects_done", p.objectsDone());
    m.put("bytes_done", p.bytesDone());
    m.put("objects_failed", p.objectsFailed());
    return m;
  }

  /** The API's result document: the counts and the listed failures. */
  static Map<String, Object> document(BatchResult result) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("objects_done", result.objectsDone());
    doc.put("bytes_done", result.bytesDone());
    doc.put("objects_failed", result.objectsFailed());
    List<Map<String, Object>> failed = new ArrayList<>(result.failures().size());
    for (KeyFailure f : result.failures()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("key", f.key());
      one.put("code", f.code().code());
      one.put("message", f.message());
      failed.add(one);
    }
    doc.put("failed", failed);
    return doc;
  }
}
