package warren.store;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import warren.contracts.auth.AuthEvents;
import warren.contracts.store.CreatePost;
import warren.contracts.store.StoreApi;
import warren.messaging.BatchCommandHandler;
import warren.messaging.EndpointOptions;
import warren.messaging.Warren;
import warren.messaging.service.ServiceRuntime;
import warren.messaging.service.ServiceSettings;
import warren.store.follow.FollowHandler;
import warren.store.follow.UnfollowHandler;
import warren.store.post.CreatePostHandler;
import warren.store.post.GetPostHandler;
import warren.store.search.SearchHandler;
import warren.store.timeline.TimelineHandler;
import warren.store.user.UserPageHandler;
import warren.store.user.UserPostsHandler;
import warren.store.user.UserSignedUpHandler;

/**
 * The store worker as a running thing: schema {@code store} migrated, every query, command and
 * stream of {@link StoreApi} served, the {@value StoreApi#USERS_SUBSCRIPTION} subscription to
 * {@code user.signed-up}, events published after commit, health served. {@link Main} starts one per
 * process; tests start one in-process.
 *
 * <pre>{@code
 * try (StoreWorker store = StoreWorker.start(StoreWorker.Settings.forTest(uri, jdbcUrl))) { ... }
 * }</pre>
 */
public final class StoreWorker implements AutoCloseable {
  /** Health port of replica 1; replica n takes this + n - 1. */
  public static final int BASE_HEALTH_PORT = 8281;

  /** Handler threads of {@code store.timeline} (the default pool has 10 connections). */
  static final int TIMELINE_CONCURRENCY = 8;

  /**
   * Unacked {@code store.timeline} messages per process: {@value} / {@link #TIMELINE_CONCURRENCY}
   * per channel. The default 32 left each channel 4, so it acked every delivery on its own (a
   * channel holds back at most a quarter of its prefetch): an ack per read cost store as much as
   * sending the reply, and the broker a frame per read. With 16 a channel acks four at a time.
   */
  static final int TIMELINE_PREFETCH = 128;

  /** Handler threads of {@code store.create-post}, each committing one batch at a time. */
  public static final int CREATE_POST_CONCURRENCY = 4;

  /** Unacked {@code store.create-post} messages per process: {@value} / 4 per batch thread. */
  static final int CREATE_POST_PREFETCH = 256;

  /**
   * Everything the store worker is configured with.
   *
   * @param service broker, database, health port, replica
   */
  public record Settings(ServiceSettings service) {
    public Settings {
      Objects.requireNonNull(service, "service");
    }

    /** From the environment (see {@link ServiceSettings}). */
    public static Settings fromEnvironment(Map<String, String> env) {
      return new Settings(ServiceSettings.fromEnvironment("store", BASE_HEALTH_PORT, env));
    }

    /** For tests: the given broker and database, topology declared, health on a free port. */
    public static Settings forTest(URI amqpUri, String databaseUrl) {
      return new Settings(ServiceSettings.forTest("store", amqpUri, databaseUrl));
    }
  }

  private final ServiceRuntime runtime;

  private StoreWorker(ServiceRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Migrates, connects, serves {@link StoreApi}'s endpoints and starts the health server.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated
   * @throws warren.messaging.BrokerUnavailableException when the broker cannot be reached
   */
  public static StoreWorker start(Settings settings) {
    return new StoreWorker(
        ServiceRuntime.start(
            settings.service(),
            (warren, database) -> {
              serve(warren, new Transactions(database.dataSource()));
              return null;
            }));
  }

  /** Registers the endpoints; the one place that says what the store serves. */
  static void serve(Warren warren, Transactions transactions) {
    EventPublisher events = warren::publish;
    SearchHandler search = new SearchHandler(transactions);
    warren.serve(StoreApi.GET_POST, new GetPostHandler(transactions)::handle);
    // Every page of the app reads a timeline; its query takes well under a millisecond, so the
    // handlers mostly wait on the database and the broker: twice the default, within the pool.
    warren.serve(
        StoreApi.TIMELINE,
        new TimelineHandler(transactions)::handle,
        warren
            .config()
            .endpointDefaults()
            .prefetch(TIMELINE_PREFETCH)
            .concurrency(TIMELINE_CONCURRENCY));
    warren.serve(StoreApi.USER_PAGE, new UserPageHandler(transactions)::handle);
    warren.serve(StoreApi.USER_POSTS, new UserPostsHandler(transactions)::handle);
    warren.serve(StoreApi.SEARCH_PAGE, search::handle);
    warren.serveStream(StoreApi.SEARCH, search::stream);
    // A commit waits for the WAL flush: one transaction per post held store to about 1,000 posts/s
    // (the e2e bench). Each thread now writes whatever posts are waiting in one transaction.
    BatchCommandHandler<CreatePost> createPost = new CreatePostHandler(transactions, events);
    warren.consumeBatches(
        StoreApi.CREATE_POST,
        createPost,
        warren
            .config()
            .endpointDefaults()
            .prefetch(CREATE_POST_PREFETCH)
            .concurrency(CREATE_POST_CONCURRENCY)
            .maxBatch(EndpointOptions.DEFAULT_MAX_BATCH));
    warren.consume(StoreApi.FOLLOW, new FollowHandler(transactions, events)::handle);
    warren.consume(StoreApi.UNFOLLOW, new UnfollowHandler(transactions, events)::handle);
    warren.subscribe(
        StoreApi.USERS_SUBSCRIPTION,
        AuthEvents.USER_SIGNED_UP,
        new UserSignedUpHandler(transactions)::handle);
  }

  /** This worker's connection to the mesh. */
  public Warren warren() {
    return runtime.warren();
  }

  /** The port of {@code /healthz}, {@code /readyz}, {@code /metrics}; -1 when none. */
  public int healthPort() {
    return runtime.healthPort();
  }

  /** Stops taking messages, finishes those in hand, closes the connections and the pool. */
  @Override
  public void close() {
    runtime.close();
  }
}
