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

  /** Messages in a queue (ready + unacknowledged), or -1 when the management API does not know. */
  long depth(String queue) {
    return management.queueStats(vhost(), queue).map(q -> q.depth()).orElse(-1L);
  }
}
