package io.s3panel.server.persistence;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

/** Stores {@link TaskStatus} and {@link TaskKind} as their lower-case wire names. */
final class TaskEnumConverters {
  private TaskEnumConverters() {}

  /** {@link TaskStatus} ↔ {@code tasks.status}. */
  @Singleton
  static final class StatusConverter implements AttributeConverter<TaskStatus, String> {
    @Override
    public String convertToPersistedValue(TaskStatus value, ConversionContext context) {
      return value == null ? null : value.wire();
    }

    @Override
    public TaskStatus convertToEntityValue(String value, ConversionContext context) {
      return value == null ? null : TaskStatus.fromWire(value)
          .orElseThrow(() -> new IllegalStateException("Unknown task status in the database: " + value));
    }
  }

  /** {@link TaskKind} ↔ {@code tasks.kind}. */
  @Singleton
  static final class KindConverter implements AttributeConverter<TaskKind, String> {
    @Override
    public String convertToPersistedValue(TaskKind value, ConversionContext context) {
      return value == null ? null : value.wire();
    }

    @Override
    public TaskKind convertToEntityValue(String value, ConversionContext context) {
      return value == null ? null : TaskKind.fromWire(value)
          .orElseThrow(() -> new IllegalStateException("Unknown task kind in the database: " + value));
    }
  }
}
