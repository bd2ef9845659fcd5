package warren.messaging.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.health.ReadinessCheck;

/**
 * A worker's own database: a HikariCP pool named {@code <schema>-db} and the schema {@code
 * <schema>}, migrated by Flyway from {@code classpath:db/migration/<schema>} when opened.
 *
 * <p>Several replicas may start at once: Flyway takes a database lock while migrating, so exactly
 * one applies each migration and the others find it done. Thread-safe; close once at shutdown,
 * after the consumers stopped.
 */
public final class ServiceDatabase implements AutoCloseable {
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ServiceDatabase.class);

  private final String schema;
  private final HikariDataSource dataSource;

  private ServiceDatabase(String schema, HikariDataSource dataSource) {
    this.schema = schema;
    this.dataSource = dataSource;
  }

  /**
   * Opens the pool and brings {@code schema} up to date.
   *
   * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/warren?user=postgres}
   * @throws IllegalStateException when the database cannot be reached or migrated, naming the URL
   *     (without password) and the cause; the pool is closed
   */
  public static ServiceDatabase open(String schema, String jdbcUrl, int poolSize) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(schema + "-db");
    // pg_stat_activity shows which service holds a connection (operators; the database drill).
    hikari.addDataSourceProperty("ApplicationName", "warren-" + schema);
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setMaximumPoolSize(poolSize);
    // Grow on demand: replicas, tests and tools share one PostgreSQL (100 connections by default),
    // and an idle worker holding its whole pool starves the others.
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          schema
              + " database "
              + redact(jdbcUrl)
              + " is not reachable: "
              + e.getMessage()
              + "; check WARREN_DB_URL and that PostgreSQL is running",
          e);
    }
    try {
      migrate(dataSource, schema);
      return new ServiceDatabase(schema, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException(
          schema + " database " + redact(jdbcUrl) + " could not be migrated: " + e.getMessage(), e);
    }
  }

  /** Opens the database the settings name, for the schema of the settings' service. */
  public static ServiceDatabase open(ServiceSettings settings) {
    return open(settings.service(), settings.databaseUrl(), settings.databasePoolSize());
  }

  /**
   * Applies the pending migrations of {@code schema} (from {@code db/migration/<schema>}) to {@code
   * dataSource}.
   */
  public static void migrate(DataSource dataSource, String schema) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(schema)
            .locations("classpath:db/migration/" + schema)
            .load()
            .migrate();
    log.info(
        "schema {} at version {} ({} migrations applied now)",
        schema,
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion,
        result.migrationsExecuted);
  }

  /** The pool; share it between the repositories. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The schema this database was migrated for. */
  public String schema() {
    return schema;
  }

  /** {@code /readyz}'s check: a connection answers within a second. */
  public ReadinessCheck readiness() {
    return ReadinessCheck.database(dataSource);
  }

  /** Closes the pool; in-flight connections are closed as they are returned. */
  @Override
  public void close() {
    dataSource.close();
  }

  /** The URL with any password replaced, safe for logs and errors. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
