package io.s3panel.server.exposure;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3Panel;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.Check;
import io.s3panel.core.exposure.ExposureListener;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureProgress;
import io.s3panel.core.exposure.ObjectExposure;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.core.exposure.PublicAccessBlock;
import io.s3panel.core.exposure.SetExposure;
import io.s3panel.core.exposure.Verdict;
import io.s3panel.core.navigate.Grant;
import io.s3panel.server.persistence.TaskKind;
import io.s3panel.server.tasks.TaskContext;
import io.s3panel.server.tasks.TaskHandler;
import io.s3panel.server.tasks.TaskService;
import io.s3panel.server.tasks.WatchedWork;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exposure report as a kind of task: what of one or every credential set of a user the internet can read.
 * A request with the same scope (set, or all sets) and object mode as a report of the same user still queued
 * or running gets that report's task (coalescing, as statistics do).
 */
@Singleton
public final class ExposureService implements TaskHandler {
  private static final String ALL_SETS = "*";
  private final BeanProvider<S3Panel> panel;
  private final BeanProvider<TaskService> tasks;
  private final WatchedWork reports = new WatchedWork("s3panel-exposure");

  ExposureService(BeanProvider<S3Panel> panel, BeanProvider<TaskService> tasks) {
    this.panel = panel;
    this.tasks = tasks;
  }

  /**
   * Starts a report over the caller's set {@code identifier} ({@code null}: every set of the caller) reading
   * object ACLs as {@code mode} says, or returns the id of the same report still queued or running.
   *
   * @throws NotFoundException if {@code identifier} names no set of the caller
   * @throws io.s3panel.server.tasks.TaskRefusedException if the caller's cap or the server's queue is full
   */
  public String start(long userId, @Nullable String identifier, ObjectMode mode) {
    String set = null;
    if (identifier != null && !identifier.isEmpty()) {
      set = panel.get().credentials().get(Long.toString(userId), identifier).identifier();
    }
    String key = "exposure:" + userId + ":" + (set == null ? ALL_SETS : set) + ":" + mode.code();
    return tasks.get().submit(userId, TaskKind.EXPOSURE, set, Map.of("objects", mode.code()), key).taskId();
  }

  @Override
  public TaskKind kind() {
    return TaskKind.EXPOSURE;
  }

  @Override
  public Map<String, Object> initialProgress() {
    return progress(new ExposureProgress(0, 0, 0));
  }

  /**
   * Runs the report as {@link WatchedWork}: a cancel is answered within {@link WatchedWork#CANCEL_CHECK_MS}
   * even while an S3 call is in flight (the report, which only reads, stops at its next look-up).
   */
  @Override
  public Map<String, Object> run(TaskContext context) throws Exception {
    Object modeParam = context.parameters().get("objects");
    ObjectMode mode = modeParam == null ? ObjectMode.SAMPLE : ObjectMode.parse(modeParam.toString());
    if (mode == null) {
      mode = ObjectMode.SAMPLE;
    }
    ObjectMode objects = mode;
    ExposureOptions options = ExposureOptions.of(b -> b.objects(objects)
        .cancellation(context.cancellation())
        .listener(new ExposureListener() {
          @Override
          public void onProgress(ExposureProgress p) {
            context.progress(progress(p));
          }
        }));
    String owner = Long.toString(context.userId());
    return document(objects, reports.run(() -> panel.get().exposure(owner, context.credentialIdentifier(), options),
        context.cancellation(), "The exposure report"));
  }

  /** Stops reports still winding down after a cancel. */
  @PreDestroy
  void stop() {
    reports.close();
  }

  private static Map<String, Object> progress(ExposureProgress p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("buckets_done", p.bucketsDone());
    m.put("buckets_total", p.bucketsTotal());
    m.put("objects_checked", p.objectsChecked());
    return m;
  }

  /**
   * The API's result document: the object mode, a summary, and per credential set either its report (the
   * account-level public access block and one entry per bucket, by name) or its error code and message.
   */
  static Map<String, Object> document(ObjectMode mode, List<SetExposure> sets) {
    List<Object> out = new ArrayList<>();
    int failing = 0;
    int[] verdicts = new int[Verdict.values().length];
    for (SetExposure s : sets) {
      Map<String, Object> set = new LinkedHashMap<>();
      set.put("identifier", s.identifier());
      set.put("ok", s.ok());
      if (!s.ok()) {
        failing++;
        set.put("code", s.error().code());
        set.put("message", s.reason());
        out.add(set);
        continue;
      }
      Check<PublicAccessBlock> account = s.report().accountPublicAccessBlock();
      set.put("account_public_access_block", account.available() ? block(account.value()) : null);
      set.put("account_public_access_block_reason", account.unavailableReason());
      Map<String, Object> buckets = new LinkedHashMap<>();
      for (BucketExposure b : s.report().buckets()) {
        verdicts[b.verdict().ordinal()]++;
        buckets.put(b.bucket(), bucket(b));
      }
      set.put("buckets", buckets);
      out.add(set);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("sets", sets.size());
    summary.put("failing_sets", failing);
    for (Verdict v : Verdict.values()) {
      summary.put(v.code() + "_buckets", verdicts[v.ordinal()]);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("objects", mode.code());
    doc.put("summary", summary);
    doc.put("credential_sets", out);
    return doc;
  }

  private static Map<String, Object> bucket(BucketExposure b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verdict", b.verdict().code());
    m.put("reasons", b.reasons());
    m.put("public_access_block", b.publicAccessBlock().available() ? block(b.publicAccessBlock().value()) : null);
    m.put("policy_is_public", b.policyIsPublic().value());
    m.put("acl_public_grants", b.aclPublicGrants().available() ? grants(b.aclPublicGrants().value()) : null);
    m.put("objects", b.objects().available() ? objects(b.objects().value()) : null);
    if (b.error() != null) {
      m.put("error_code", b.error().code());
    }
    return m;
  }

  private static Map<String, Object> block(PublicAccessBlock p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("block_public_acls", p.blockPublicAcls());
    m.put("ignore_public_acls", p.ignorePublicAcls());
    m.put("block_public_policy", p.blockPublicPolicy());
    m.put("restrict_public_buckets", p.restrictPublicBuckets());
    return m;
  }

  private static List<Object> grants(List<Grant> grants) {
    List<Object> out = new ArrayList<>(grants.size());
    for (Grant g : grants) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("grantee", g.grantee() == null ? null : g.grantee().uri());
      m.put("permission", g.permission());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> objects(ObjectExposure o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", o.mode().code());
    m.put("checked", o.checked());
    m.put("public", o.publicCount());
    m.put("unreadable", o.unreadable());
    m.put("complete", o.complete());
    m.put("examples", o.examples());
    return m;
  }
}
