package warren.messaging.service;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.messaging.health.HealthServer;

/**
 * What every worker process is made of, started in the right order and stopped in the reverse: its
 * database (pool, schema migrated), its {@link Warren} connection with the endpoints the service's
 * {@link Wiring} registers, and the health server ({@code /healthz}, {@code /readyz} with a
 * database check, {@code /metrics}).
 *
 * <pre>{@code
 * ServiceRuntime runtime = ServiceRuntime.start(settings, (warren, db) -> {
 *   warren.serve(AuthApi.LOG_IN, handlers.logIn()::handle);
 *   return () -> {};   // nothing else to close
 * });
 * }</pre>
 *
 * <p>{@link #close()} drains: Warren stops taking messages and finishes those in hand (readiness
 * says draining meanwhile), then the service's own resources close, then the health server, then
 * the pool. Thread-safe; close is idempotent.
 */
public final class ServiceRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);

  /** Registers a service's endpoints; runs once, on the thread that calls {@link #start}. */
  @FunctionalInterface
  public interface Wiring {
    /**
     * @return what to close after Warren drained and before the pool closes (an executor, an HTTP
     *     client), or null for nothing
     */
    AutoCloseable wire(Warren warren, ServiceDatabase database) throws Exception;
  }

  private final ServiceSettings settings;
  private final ServiceDatabase database;
  private final Warren warren;
  private final AutoCloseable resources;
  private final HealthServer health;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ServiceRuntime(
      ServiceSettings settings,
      ServiceDatabase database,
      Warren warren,
      AutoCloseable resources,
      HealthServer health) {
    this.settings = settings;
    this.database = database;
    this.warren = warren;
    this.resources = resources;
    this.health = health;
  }

  /** Starts with the Warren configuration the settings describe. */
  public static ServiceRuntime start(ServiceSettings settings, Wiring wiring) {
    return start(settings, UnaryOperator.identity(), wiring);
  }

  /**
   * Migrates the database, connects to the broker, wires the endpoints and starts the health
   * server. On any failure what was already open is closed again and the failure is thrown.
   *
   * @param configure adjusts the Warren configuration before connecting (hooks, deadlines)
   */
  public static ServiceRuntime start(
      ServiceSettings settings, UnaryOperator<WarrenConfig.Builder> configure, Wiring wiring) {
    ServiceDatabase database = ServiceDatabase.open(settings);
    Warren warren = null;
    AutoCloseable resources = null;
    try {
      warren = Warren.connect(configure.apply(settings.warrenConfig()).build());
      resources = wiring.wire(warren, database);
      HealthServer health =
          settings.healthPort() == ServiceSettings.NO_HEALTH_SERVER
              ? null
              : HealthServer.start(
                  "0.0.0.0",
                  settings.healthPort(),
                  warren,
                  Map.of("database", database.readiness()),
                  settings.httpRpc());
      ServiceRuntime runtime = new ServiceRuntime(settings, database, warren, resources, health);
      log.info(
          "{} started as {}; health on port {}",
          settings.service(),
          warren.config().instance(),
          runtime.healthPort());
      return runtime;
    } catch (Exception e) {
      closeQuietly(warren);
      closeQuietly(resources);
      closeQuietly(database);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          settings.service() + " could not start: " + e.getMessage(), e);
    }
  }

  /** The process's connection to the mesh. */
  public Warren warren() {
    return warren;
  }

  /** The process's database. */
  public ServiceDatabase database() {
    return database;
  }

  public ServiceSettings settings() {
    return settings;
  }

  /** The port health is served on, or {@link ServiceSettings#NO_HEALTH_SERVER}. */
  public int healthPort() {
    return health == null ? ServiceSettings.NO_HEALTH_SERVER : health.port();
  }

  /** Drains and closes everything, in the order the class comment gives. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("{}: draining", settings.service());
    closeQuietly(warren);
    closeQuietly(resources);
    closeQuietly(health);
    closeQuietly(database);
    log.info("{}: stopped", settings.service());
  }

  /**
   * For {@code Main}: closes {@code process} when the JVM is asked to stop (SIGTERM, Ctrl-C), and
   * blocks the calling thread until then.
   */
  public static void runUntilStopped(AutoCloseable process) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("warren-shutdown")
                .unstarted(
                    () -> {
                      closeQuietly(process);
                      stopped.countDown();
                    }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("closing {} failed: {}", closeable, e.toString());
    }
  }
}
