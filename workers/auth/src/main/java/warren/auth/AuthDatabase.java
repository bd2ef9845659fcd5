package warren.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth worker's database: a HikariCP pool named {@value #POOL_NAME} and the {@value #SCHEMA}
 * schema, migrated by Flyway from {@code db/migration/auth} on the classpath.
 *
 * <p>Several replicas may start at once: Flyway takes a database lock while migrating, so exactly
 * one applies each migration and the others find it done.
 */
public final class AuthDatabase implements AutoCloseable {
  public static final String POOL_NAME = "auth-db";
  public static final String SCHEMA = "auth";
  public static final int DEFAULT_POOL_SIZE = 8;
  static final String MIGRATIONS = "classpath:db/migration/auth";

  private static final Logger log = LoggerFactory.getLogger(AuthDatabase.class);

  private final HikariDataSource dataSource;

  private AuthDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Opens the pool and brings the schema up to date.
   *
   * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/warren?user=postgres}
   * @throws org.flywaydb.core.api.FlywayException when a migration fails; the pool is closed
   */
  public static AuthDatabase open(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(DEFAULT_POOL_SIZE);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource);
      return new AuthDatabase(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** Applies the pending migrations of the {@value #SCHEMA} schema to {@code dataSource}. */
  public static void migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(SCHEMA)
            .locations(MIGRATIONS)
            .load()
            .migrate();
    log.info(
        "schema {} at version {} ({} migrations applied now)",
        SCHEMA,
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion,
        result.migrationsExecuted);
  }

  /** The pool; share it between the repositories. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Closes the pool; in-flight connections are closed as they are returned. */
  @Override
  public void close() {
    dataSource.close();
  }
}
