package io.s3panel.server.api;

import io.s3panel.server.PostgresSchema;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The whole HTTP flow again, on the machine's PostgreSQL (switched on by S3PANEL_TEST_POSTGRES=true). */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
class PostgresApiFlowTest extends ApiFlowTest {
  private final PostgresSchema schema = new PostgresSchema("s3panel_api");

  @Override
  Map<String, Object> databaseProperties() throws Exception {
    return schema.create();
  }

  @Override
  void dropDatabase() throws Exception {
    schema.drop();
  }
}
