package io.s3panel.server.web;

import io.micronaut.json.tree.JsonNode;
import io.s3panel.core.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON object body field by field, collecting every problem (missing, wrong type, unknown field)
 * into one {@link ValidationException}, so a client learns everything wrong with a request at once.
 */
final class JsonFields {
  /** At most this many unknown fields or parameters are named in an error body (SECURITY.md item 30). */
  static final int MAX_NAMED = 20;
  /** The key under which the count of the unknown names left out is given. */
  static final String MORE = "_more";
  private final JsonNode body;
  private final String prefix;
  private final Set<String> read = new HashSet<>();
  private final Set<String> failed;
  private final ValidationException.Collector errors;

  private JsonFields(JsonNode body) {
    this(body, "", new HashSet<>(), new ValidationException.Collector());
  }

  private JsonFields(JsonNode body, String prefix, Set<String> failed, ValidationException.Collector errors) {
    this.body = body;
    this.prefix = prefix;
    this.failed = failed;
    this.errors = errors;
  }

  /** Starts reading {@code body}; a missing body or one that is not an object fails at once. */
  static JsonFields of(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ValidationException("body", "Send a JSON object as the request body.");
    }
    return new JsonFields(body);
  }

  /** A required string; {@code null} (with an error recorded) when missing, empty or not a string. */
  String requiredString(String name) {
    String v = optionalString(name);
    JsonNode n = body.get(name);
    if (v == null && (n == null || n.isNull())) {
      error(name, "This field is required.");
    } else if (v != null && v.isEmpty()) {
      error(name, "This field may not be blank.");
      return null;
    }
    return v;
  }

  /** An optional string; {@code null} when absent or JSON null. */
  String optionalString(String name) {
    read.add(name);
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      error(name, "Must be a string.");
      return null;
    }
    return n.getStringValue();
  }

  /** An optional boolean; {@code null} when absent or JSON null. */
  Boolean optionalBoolean(String name) {
    read.add(name);
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isBoolean()) {
      error(name, "Must be true or false.");
      return null;
    }
    return n.getBooleanValue();
  }

  /** An optional integer within {@code [min, max]}; {@code null} when absent or JSON null. */
  Long optionalInteger(String name, long min, long max) {
    read.add(name);
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber() || n.getNumberValue().doubleValue() != Math.rint(n.getNumberValue().doubleValue())) {
      error(name, "Must be a whole number.");
      return null;
    }
    double d = n.getNumberValue().doubleValue();
    if (d < min || d > max) {
      error(name, "Must be between " + min + " and " + max + ".");
      return null;
    }
    return n.getLongValue();
  }

  /**
   * An optional array of strings; {@code null} when absent or JSON null, and {@code null} with an error when
   * it is not an array of strings.
   */
  List<String> optionalStringList(String name) {
    read.add(name);
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      error(name, "Must be an array of strings.");
      return null;
    }
    List<String> values = new ArrayList<>(n.size());
    for (JsonNode item : n.values()) {
      if (!item.isString()) {
        error(name, "Must be an array of strings.");
        return null;
      }
      values.add(item.getStringValue());
    }
    return values;
  }

  /**
   * An optional nested object read by a reader of its own whose field names are prefixed with
   * {@code name.} and whose errors join this reader's; {@code null} when absent or JSON null, and
   * {@code null} with an error when it is not an object. Call {@link #finishNested()} on it.
   */
  JsonFields optionalObject(String name) {
    read.add(name);
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      error(name, "Must be a JSON object.");
      return null;
    }
    return new JsonFields(n, prefix + name + ".", failed, errors);
  }

  /** Records an error for {@code name}. */
  JsonFields error(String name, String message) {
    failed.add(prefix + name);
    errors.add(prefix + name, message);
    return this;
  }

  /**
   * Runs a core builder; its validation errors join this reader's under their {@link WireNames#COMMON}
   * wire names, except on fields that already have one. Returns {@code null} when the builder failed.
   */
  <T> T build(java.util.function.Supplier<T> builder) {
    return build(WireNames.COMMON, builder);
  }

  /**
   * Runs a core builder; its validation errors join this reader's under the wire names {@code names}
   * gives them, except on fields that already have one. Returns {@code null} when the builder failed.
   */
  <T> T build(Map<String, String> names, java.util.function.Supplier<T> builder) {
    try {
      return builder.get();
    } catch (ValidationException e) {
      e.renamed(names).fieldErrors().forEach((field, messages) -> {
        if (!failed.contains(field)) {
          messages.forEach(m -> error(field, m));
        }
      });
      return null;
    }
  }

  /** Fails on unknown fields and on anything recorded. */
  void finish() {
    finishNested();
    errors.throwIfAny();
  }

  /** Records this object's unknown fields; the outer reader's {@link #finish()} reports them. */
  void finishNested() {
    int unknown = 0;
    for (Map.Entry<String, JsonNode> e : body.entries()) {
      if (!read.contains(e.getKey()) && unknown++ < MAX_NAMED) {
        errors.add(prefix + (e.getKey().length() > 64 ? e.getKey().substring(0, 64) + "…" : e.getKey()),
            "Unknown field.");
      }
    }
    if (unknown > MAX_NAMED) {
      errors.add(prefix + MORE, "And " + (unknown - MAX_NAMED) + " more unknown fields.");
    }
  }
}
