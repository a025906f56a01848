package io.s3panel.server.persistence;

import io.s3panel.server.PostgresSchema;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The persistence contract on a real PostgreSQL, in a schema of its own that is dropped afterwards (see
 * {@link PostgresSchema}). Runs only with {@code S3PANEL_TEST_POSTGRES=true}.
 */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
class PostgresPersistenceTest extends PersistenceContract {
  private final PostgresSchema schema = new PostgresSchema("s3panel_it");

  @Override
  Map<String, Object> datasourceProperties() throws Exception {
    return schema.create();
  }

  @Override
  void dropDatabase() throws Exception {
    schema.drop();
  }
}
