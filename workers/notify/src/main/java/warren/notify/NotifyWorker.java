package warren.notify;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import warren.contracts.notify.NotifyApi;
import warren.contracts.store.StoreEvents;
import warren.messaging.EndpointOptions;
import warren.messaging.Warren;
import warren.messaging.service.ServiceRuntime;
import warren.messaging.service.ServiceSettings;
import warren.notify.fanout.PostCreatedHandler;
import warren.notify.follow.FollowChange;
import warren.notify.follow.FollowGraph;
import warren.notify.webhook.DeliverWebhookHandler;
import warren.notify.webhook.HostLimits;
import warren.notify.webhook.WebhookDelivery;
import warren.notify.webhook.WebhookHandlers;
import warren.notify.webhook.WebhookRepository;
import warren.notify.webhook.WebhookSettings;
import warren.notify.webhook.WebhookTargets;

/**
 * The notify worker as a running thing: schema {@code notify} migrated; its follow graph kept from
 * {@code user.followed} and {@code user.unfollowed} ({@code notify.follows}); {@code post.created}
 * ({@code notify.post-created}) fanned out as one live notification per follower and one webhook
 * delivery command per follower's webhook; deliveries consumed from {@code
 * notify.webhook-deliveries}; {@link NotifyApi}'s webhook RPCs served; health served. {@link Main}
 * starts one per process; tests start one in-process.
 */
public final class NotifyWorker implements AutoCloseable {
  /** Health port of replica 1; replica n takes this + n - 1. */
  public static final int BASE_HEALTH_PORT = 8381;

  /**
   * Everything the notify worker is configured with.
   *
   * @param service broker, database, health port, replica
   * @param webhooks target checks, rate limit, timeouts, retries
   */
  public record Settings(ServiceSettings service, WebhookSettings webhooks) {
    public Settings {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(webhooks, "webhooks");
    }

    /** From the environment (see {@link ServiceSettings} and {@link WebhookSettings}). */
    public static Settings fromEnvironment(Map<String, String> env) {
      return new Settings(
          ServiceSettings.fromEnvironment("notify", BASE_HEALTH_PORT, env),
          WebhookSettings.fromEnvironment(env));
    }

    /**
     * For tests: the given broker and database, topology declared, health on a free port, private
     * (local) webhook targets allowed, other webhook settings at their defaults.
     */
    public static Settings forTest(URI amqpUri, String databaseUrl) {
      return new Settings(
          ServiceSettings.forTest("notify", amqpUri, databaseUrl),
          WebhookSettings.fromEnvironment(Map.of()).withAllowPrivate(true));
    }

    public Settings withWebhooks(WebhookSettings value) {
      return new Settings(service, value);
    }
  }

  private final ServiceRuntime runtime;

  private NotifyWorker(ServiceRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts with the system's DNS resolver. */
  public static NotifyWorker start(Settings settings) {
    return start(settings, WebhookTargets.Resolver.SYSTEM);
  }

  /**
   * Migrates, connects, subscribes, serves and starts the health server.
   *
   * @param resolver how webhook hosts are resolved for the internal-address check
   * @throws IllegalStateException when the database cannot be reached or migrated
   * @throws warren.messaging.BrokerUnavailableException when the broker cannot be reached
   */
  public static NotifyWorker start(Settings settings, WebhookTargets.Resolver resolver) {
    return new NotifyWorker(
        ServiceRuntime.start(
            settings.service(),
            (warren, database) ->
                serve(warren, database.dataSource(), settings.webhooks(), resolver)));
  }

  /** Registers the endpoints; the one place that says what notify serves. Returns the client. */
  static DeliverWebhookHandler serve(
      Warren warren,
      javax.sql.DataSource dataSource,
      WebhookSettings settings,
      WebhookTargets.Resolver resolver) {
    FollowGraph graph = new FollowGraph(dataSource);
    WebhookRepository webhooks = new WebhookRepository(dataSource);
    WebhookTargets targets = new WebhookTargets(settings.allowPrivate(), resolver);
    WebhookHandlers handlers = new WebhookHandlers(webhooks, targets);
    DeliverWebhookHandler deliver =
        new DeliverWebhookHandler(
            webhooks,
            targets,
            new HostLimits(
                settings.ratePerSecond(), settings.perHostConcurrency(), settings.deferAfter()),
            (delivery, messageId) -> warren.send(WebhookDelivery.ENDPOINT, delivery, messageId),
            warren.objectMapper(),
            settings.timeout());
    EndpointOptions defaults = warren.config().endpointDefaults();
    warren.subscribe(
        "notify.follows",
        List.of(StoreEvents.USER_FOLLOWED.routingKey(), StoreEvents.USER_UNFOLLOWED.routingKey()),
        FollowChange.class,
        graph::changed,
        defaults);
    warren.subscribe(
        "notify.post-created",
        List.of(StoreEvents.POST_CREATED.routingKey()),
        StoreEvents.POST_CREATED.type(),
        new PostCreatedHandler(dataSource, warren)::handle,
        defaults);
    warren.serve(NotifyApi.WEBHOOK_CREATE, handlers::create);
    warren.serve(NotifyApi.WEBHOOK_LIST, handlers::list);
    warren.serve(NotifyApi.WEBHOOK_DELETE, handlers::delete);
    warren.consume(
        WebhookDelivery.ENDPOINT,
        deliver::handle,
        new EndpointOptions(
            Math.max(EndpointOptions.DEFAULT_PREFETCH, settings.concurrency()),
            settings.concurrency(),
            settings.retry()));
    return deliver;
  }

  /** This worker's connection to the mesh. */
  public Warren warren() {
    return runtime.warren();
  }

  /** The port of {@code /healthz}, {@code /readyz}, {@code /metrics}; -1 when none. */
  public int healthPort() {
    return runtime.healthPort();
  }

  /** Stops taking messages, finishes those in hand, closes the HTTP client and the pool. */
  @Override
  public void close() {
    runtime.close();
  }
}
