package warren.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import warren.contracts.notify.CreateWebhook;
import warren.contracts.notify.DeleteWebhook;
import warren.contracts.notify.ListWebhooks;
import warren.contracts.notify.NotifyApi;
import warren.contracts.notify.Webhook;
import warren.contracts.notify.WebhookStatus;
import warren.messaging.RemoteException;
import warren.messaging.Warren;
import warren.messaging.WarrenConfig;
import warren.notify.webhook.WebhookSettings;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * The webhook RPCs of a notify worker that refuses private targets (the production setting), over
 * AMQP as web calls them. Names resolve through a fixed table, so no test depends on real DNS.
 */
class WebhookRulesIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase database = new TestDatabase();

  /** Mutable, so a test can re-point a name after the webhook was accepted (DNS rebinding). */
  static final Map<String, String> DNS =
      new ConcurrentHashMap<>(
          Map.of(
              "hooks.example.test", "93.184.216.34",
              "intranet.example.test", "10.20.30.40",
              "rebind.example.test", "93.184.216.34"));

  static NotifyWorker notify;
  static Warren web;
  static Warren store;

  static InetAddress[] resolve(String host) throws UnknownHostException {
    if (DNS.containsKey(host)) {
      return new InetAddress[] {InetAddress.getByName(DNS.get(host))};
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      return new InetAddress[] {InetAddress.getByName(host)};
    }
    throw new UnknownHostException(host);
  }

  @BeforeAll
  static void start() {
    NotifyWorker.Settings settings =
        NotifyWorker.Settings.forTest(broker.amqpUri(), database.jdbcUrl());
    WebhookSettings strict = settings.webhooks().withAllowPrivate(false);
    notify = NotifyWorker.start(settings.withWebhooks(strict), WebhookRulesIT::resolve);
    web = Warren.connect(WarrenConfig.builder().service("web").uri(broker.amqpUri()).build());
    store = Warren.connect(WarrenConfig.builder().service("store").uri(broker.amqpUri()).build());
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (web != null) {
      web.close();
    }
    if (notify != null) {
      notify.close();
    }
  }

  static String user() {
    return UUID.randomUUID().toString();
  }

  static String errorOf(Runnable call) {
    return assertThrows(RemoteException.class, call::run).code();
  }

  @Test
  void a_public_url_is_registered_listed_and_deleted() {
    String ada = user();
    Webhook hook =
        web.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(ada, "https://hooks.example.test/a"));
    assertEquals("https://hooks.example.test/a", hook.url());
    assertEquals(
        List.of(new WebhookStatus(hook.id(), hook.url(), 0, 0, null)),
        web.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(ada)).webhooks());
    assertEquals(
        hook.id(), web.call(NotifyApi.WEBHOOK_DELETE, new DeleteWebhook(ada, hook.id())).id());
    assertEquals(List.of(), web.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(ada)).webhooks());
  }

  @Test
  void the_same_url_twice_is_duplicate_url_but_another_user_may_register_it() {
    String bob = user();
    web.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(bob, "https://hooks.example.test/b"));
    assertEquals(
        NotifyApi.DUPLICATE_URL,
        errorOf(
            () ->
                web.call(
                    NotifyApi.WEBHOOK_CREATE,
                    new CreateWebhook(bob, "https://hooks.example.test/b"))));
    web.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(user(), "https://hooks.example.test/b"));
  }

  @Test
  void urls_that_are_not_absolute_http_are_invalid_url() {
    for (String url : List.of("ftp://hooks.example.test/x", "/hook", "hooks.example.test", "")) {
      assertEquals(
          NotifyApi.INVALID_URL,
          errorOf(() -> web.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(user(), url))),
          url);
    }
  }

  @Test
  void internal_targets_are_forbidden_target() {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://192.168.0.10/hook",
            "http://intranet.example.test/hook")) {
      assertEquals(
          NotifyApi.FORBIDDEN_TARGET,
          errorOf(() -> web.call(NotifyApi.WEBHOOK_CREATE, new CreateWebhook(user(), url))),
          url);
    }
  }

  @Test
  void deleting_an_unknown_or_someone_elses_webhook_is_not_found() {
    String owner = user();
    Webhook hook =
        web.call(
            NotifyApi.WEBHOOK_CREATE, new CreateWebhook(owner, "https://hooks.example.test/c"));
    assertEquals(
        NotifyApi.NOT_FOUND,
        errorOf(() -> web.call(NotifyApi.WEBHOOK_DELETE, new DeleteWebhook(user(), hook.id()))));
    assertEquals(
        NotifyApi.NOT_FOUND,
        errorOf(
            () ->
                web.call(
                    NotifyApi.WEBHOOK_DELETE,
                    new DeleteWebhook(owner, UUID.randomUUID().toString()))));
    assertEquals(1, web.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(owner)).webhooks().size());
  }

  @Test
  void a_host_that_resolves_inside_at_delivery_time_gets_nothing_and_the_reason_is_listed() {
    NotifyFixture fixture = new NotifyFixture(store, database.jdbcUrl());
    NotifyFixture.User author = NotifyFixture.user("author");
    NotifyFixture.User reader = NotifyFixture.user("reader");
    fixture.follow(reader, author, Instant.now());
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () -> Boolean.TRUE.equals(fixture.following(reader, author)),
        "follow recorded");
    web.call(
        NotifyApi.WEBHOOK_CREATE,
        new CreateWebhook(reader.id(), "http://rebind.example.test:9/hook"));
    DNS.put("rebind.example.test", "127.0.0.1");
    fixture.post(author, "should not reach the loopback");
    Conditions.waitUntil(
        Duration.ofSeconds(10),
        () ->
            web.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(reader.id()))
                    .webhooks()
                    .get(0)
                    .failed()
                >= 1,
        "the delivery refused");
    WebhookStatus status =
        web.call(NotifyApi.WEBHOOK_LIST, new ListWebhooks(reader.id())).webhooks().get(0);
    assertEquals(0, status.delivered());
    assertEquals(
        "not delivered: the host rebind.example.test resolves to the internal address 127.0.0.1;"
            + " use a public address",
        status.lastError());
  }
}
