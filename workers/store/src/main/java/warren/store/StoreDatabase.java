package warren.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's PostgreSQL database: a HikariCP pool named {@value #POOL_NAME} and the schema {@value
 * #SCHEMA}, migrated by Flyway from {@value #MIGRATIONS} when opened.
 *
 * <p>Every replica migrates on start; Flyway's lock makes that safe. Thread-safe; close once at
 * shutdown, after the consumers stopped.
 */
public final class StoreDatabase implements AutoCloseable {
  public static final String POOL_NAME = "store-db";
  public static final String SCHEMA = "store";
  public static final String MIGRATIONS = "classpath:db/migration/store";
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(StoreDatabase.class);

  private final HikariDataSource dataSource;
  private final Transactions transactions;

  private StoreDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.transactions = new Transactions(dataSource);
  }

  /**
   * Connects and migrates the schema to the newest version.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated, naming the URL
   *     (without password) and the cause
   */
  public static StoreDatabase open(StoreConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(POOL_NAME);
    hikari.setJdbcUrl(config.databaseUrl());
    hikari.setMaximumPoolSize(config.databasePoolSize());
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "store database "
              + redact(config.databaseUrl())
              + " is not reachable: "
              + e.getMessage()
              + "; check WARREN_DB_URL and that PostgreSQL is running",
          e);
    }
    try {
      var result =
          Flyway.configure()
              .dataSource(dataSource)
              .schemas(SCHEMA)
              .locations(MIGRATIONS)
              .load()
              .migrate();
      log.info(
          "{}: schema {} at version {} ({} migrations applied)",
          POOL_NAME,
          SCHEMA,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException(
          "store database "
              + redact(config.databaseUrl())
              + " could not be migrated: "
              + e.getMessage(),
          e);
    }
    return new StoreDatabase(dataSource);
  }

  /** The pool, for handlers that read. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs work in transactions on this pool. */
  public Transactions transactions() {
    return transactions;
  }

  /** Whether a connection answers within {@code timeout}; for {@code /readyz}. */
  public boolean isReachable(Duration timeout) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(Math.max(1, (int) timeout.toSeconds()));
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** The URL with any password replaced, safe for logs and errors. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
