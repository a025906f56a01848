package io.s3panel.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input failed validation. Code {@link ErrorCode#VALIDATION_FAILED}.
 *
 * <p>{@link #fieldErrors()} maps each offending field name to one or more sentences a person can act on.
 * The core names fields as its own builders and parameters do ({@code region}, {@code maxKeys}); an HTTP
 * layer reports them under its wire names with {@link #renamed}. Messages never echo a secret value.
 */
public class ValidationException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  private final Map<String, List<String>> fieldErrors;

  /** One invalid field. */
  public ValidationException(String field, String message) {
    this(Map.of(field, List.of(message)));
  }

  /** Several invalid fields; the map must not be empty. */
  public ValidationException(Map<String, List<String>> fieldErrors) {
    super(ErrorCode.VALIDATION_FAILED, summary(fieldErrors));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fieldErrors.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.fieldErrors = Collections.unmodifiableMap(copy);
  }

  private ValidationException(Map<String, List<String>> fieldErrors, Throwable cause) {
    super(ErrorCode.VALIDATION_FAILED, summary(fieldErrors), cause);
    this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
  }

  /** The invalid fields and what is wrong with each, in the order they were found. */
  public Map<String, List<String>> fieldErrors() {
    return fieldErrors;
  }

  /**
   * A copy whose field names are replaced where {@code names} maps them, e.g. to report the core's
   * {@code region} under an HTTP API's {@code region_name}. Fields {@code names} does not mention keep their
   * name; two fields mapped to one name have their messages joined. The copy has this exception as cause;
   * when no name changes, this exception itself is returned.
   */
  public ValidationException renamed(Map<String, String> names) {
    if (fieldErrors.keySet().stream().noneMatch(f -> names.containsKey(f) && !names.get(f).equals(f))) {
      return this;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    fieldErrors.forEach((field, messages) ->
        out.computeIfAbsent(names.getOrDefault(field, field), k -> new ArrayList<>()).addAll(messages));
    return new ValidationException(out, this);
  }

  private static String summary(Map<String, List<String>> fieldErrors) {
    if (fieldErrors.isEmpty()) {
      throw new IllegalArgumentException("fieldErrors must not be empty");
    }
    List<String> parts = new ArrayList<>();
    fieldErrors.forEach((field, messages) -> parts.add(field + ": " + String.join(" ", messages)));
    return String.join("; ", parts);
  }

  /** Collects field errors and throws them all at once. */
  public static final class Collector {
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    /** An empty collector. */
    public Collector() {}

    /** Records an error for {@code field}. */
    public Collector add(String field, String message) {
      errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
      return this;
    }

    /** Records an error for {@code field} when {@code failed} is true. */
    public Collector check(boolean failed, String field, String message) {
      return failed ? add(field, message) : this;
    }

    /** True when nothing was recorded. */
    public boolean isEmpty() {
      return errors.isEmpty();
    }

    /** Throws a {@link ValidationException} with everything recorded, if anything was. */
    public void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
    }
  }
}
