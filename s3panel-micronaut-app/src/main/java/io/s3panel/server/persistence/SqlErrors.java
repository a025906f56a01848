package io.s3panel.server.persistence;

import java.sql.SQLException;
import java.util.Set;

/** Classifies database errors by SQLSTATE (PostgreSQL's codes, and H2's where they differ). */
final class SqlErrors {
  private static final Set<String> UNIQUE_VIOLATION = Set.of("23505");
  /** 23503 on PostgreSQL; H2 says 23506 for a missing parent row and 23503 for an existing child. */
  private static final Set<String> FOREIGN_KEY_VIOLATION = Set.of("23503", "23506");

  private SqlErrors() {}

  /** True when {@code error} or one of its causes is a unique-constraint violation. */
  static boolean isUniqueViolation(Throwable error) {
    return hasSqlState(error, UNIQUE_VIOLATION);
  }

  /** True when {@code error} or one of its causes is a foreign-key violation. */
  static boolean isForeignKeyViolation(Throwable error) {
    return hasSqlState(error, FOREIGN_KEY_VIOLATION);
  }

  private static boolean hasSqlState(Throwable error, Set<String> states) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (states.contains(s.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
