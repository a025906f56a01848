package io.s3panel.server.persistence;

import java.util.Map;
import java.util.UUID;

/** The persistence contract on H2 in PostgreSQL mode, the default embedded database. */
class H2PersistenceTest extends PersistenceContract {

  @Override
  Map<String, Object> datasourceProperties() {
    return Map.of(
        "datasources.default.url", "jdbc:h2:mem:s3panel-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "datasources.default.username", "sa",
        "datasources.default.password", "");
  }
}
