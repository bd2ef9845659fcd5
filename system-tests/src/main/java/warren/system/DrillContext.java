package warren.system;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import warren.messaging.management.ManagementClient;

/**
 * What every drill works with: the running system, an API client on web-1, the broker's management
 * API, the drills' database and the secrets used so far.
 */
final class DrillContext {
  static final String ADMIN = "drill_admin";

  private final RunningSystem system;
  private final Secrets secrets;
  private final ApiClient api;
  private final ManagementClient management = ManagementClient.builder().build();
  private final String opsToken;

  DrillContext(RunningSystem system, Secrets secrets, String opsToken) {
    this.system = system;
    this.secrets = secrets;
    this.opsToken = opsToken;
    this.api = new ApiClient(system.web(1), secrets);
    secrets.add(opsToken);
    // The drills read dead-letter queues and publish poison as guest.
    management.putPermission(
        new warren.messaging.management.Permission("guest", vhost(), ".*", ".*", ".*"));
  }

  RunningSystem system() {
    return system;
  }

  ApiClient api() {
    return api;
  }

  Secrets secrets() {
    return secrets;
  }

  ManagementClient management() {
    return management;
  }

  String vhost() {
    return system.options().vhost();
  }

  String database() {
    return system.options().database();
  }

  PostLedger ledger() {
    return new PostLedger(database());
  }

  /** {@code WARREN_OPS_TOKEN} of the running system, as a session for the API client. */
  ApiClient.Session opsSession() {
    return new ApiClient.Session("ops-token", "", opsToken, "");
  }

  /** A prefix no earlier run used, for usernames and post texts: {@code wc3f9a1}. */
  static String runId(String drill) {
    return drill.replaceAll("[^a-z]", "").substring(0, 2)
        + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  }

  /** {@code n} fresh users, signed up and logged in. */
  List<ApiClient.Session> users(String run, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> api.signUpAndLogIn(run + "_" + i, "pw-" + UUID.randomUUID()))
        .toList();
  }

  /**
   * Messages ready in a queue, straight from the broker (a passive declare as guest): unlike the
   * management API's figures it does not lag, nor read 0 for a while after the broker restarted.
   * For dead-letter queues, which have no consumer, that is every message.
   */
  long messages(String queue) {
    try (com.rabbitmq.client.Connection guest = Amqp.connect("guest", "guest", vhost());
        com.rabbitmq.client.Channel channel = guest.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (Exception e) {
      throw new IllegalStateException("cannot count the messages of " + queue + ": " + e, e);
    }
  }

  /** Messages in a queue (ready + unacknowledged), or -1 when the management API does not know. */
  long depth(String queue) {
    return management.queueStats(vhost(), queue).map(q -> q.depth()).orElse(-1L);
  }
}
