package warren.messaging.topology;

import static warren.messaging.topology.TopologyDrift.byKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import warren.messaging.management.Binding;
import warren.messaging.management.Exchange;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.Permission;
import warren.messaging.management.Policy;
import warren.messaging.management.Queue;
import warren.messaging.management.TopicPermission;
import warren.messaging.management.User;

/**
 * Makes the broker hold what a definitions file declares, through the management API, in this
 * order: the virtual host, users, permissions, topic permissions, policies, exchanges, queues,
 * bindings. Idempotent: what already matches is left alone, so applying twice changes nothing the
 * second time. It never deletes anything.
 *
 * <ul>
 *   <li>Users the broker lacks are created with the file's password hash; existing users are left
 *       alone (their password may have been changed on purpose, and drift does not compare it).
 *   <li>Permissions, topic permissions and policies that differ are overwritten with the file's.
 *   <li>An exchange or queue that exists with other properties or arguments cannot be changed in
 *       place: the applier applies everything else, then throws a {@link TopologyException} that
 *       names each such resource and what differs; delete it (after draining) and apply again.
 *   <li>Declaring through the API needs the management user to hold permissions on the virtual
 *       host. The broker grants them to whoever creates a vhost through the API; when the vhost was
 *       made otherwise (for example by {@code rabbitmqctl import_definitions}) and the user has
 *       none, the applier grants it {@code .*} on that vhost and says so in its result.
 * </ul>
 *
 * <p>Why the service users get the permissions they get is written down in {@code
 * docs/topology.md}. Not thread-safe in the sense that two applies of different files to the same
 * vhost race; one at a time.
 */
public final class TopologyApplier {
  private final ManagementClient mgmt;

  public TopologyApplier(ManagementClient mgmt) {
    this.mgmt = mgmt;
  }

  /** Applies the file into its own virtual host; returns what it changed, in words. */
  public List<String> apply(Definitions definitions) {
    return apply(definitions, definitions.vhost());
  }

  /**
   * Applies the file with every resource moved to {@code vhost} (tests use a scratch vhost);
   * returns what it changed, in words, empty when the broker already matched.
   *
   * @throws TopologyException when resources exist with other properties (after applying the rest)
   */
  public List<String> apply(Definitions file, String vhost) {
    Definitions d = file.retargeted(vhost);
    List<String> changes = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    if (!mgmt.vhostExists(vhost)) {
      mgmt.createVhost(vhost);
      changes.add("created vhost " + vhost);
    }
    Map<String, Permission> permissions = byKey(mgmt.permissions(vhost), Permission::user);
    if (!permissions.containsKey(mgmt.user())) {
      mgmt.putPermission(new Permission(mgmt.user(), vhost, ".*", ".*", ".*"));
      changes.add(
          "granted "
              + mgmt.user()
              + " full permissions on vhost "
              + vhost
              + " (the management API declares with the caller's permissions)");
    }
    Map<String, User> users = byKey(mgmt.users(), User::name);
    for (User user : d.users()) {
      if (!users.containsKey(user.name())) {
        mgmt.putUser(user);
        changes.add("created user " + user.name());
      }
    }
    for (Permission p : d.permissions()) {
      Permission live = permissions.get(p.user());
      if (live == null || !Differences.of(p, live).isEmpty()) {
        mgmt.putPermission(p);
        changes.add("set permissions of " + p.user() + " on vhost " + vhost);
      }
    }
    Map<String, TopicPermission> topics =
        byKey(mgmt.topicPermissions(vhost), t -> t.user() + " " + t.exchange());
    for (TopicPermission p : d.topicPermissions()) {
      TopicPermission live = topics.get(p.user() + " " + p.exchange());
      if (live == null || !Differences.of(p, live).isEmpty()) {
        mgmt.putTopicPermission(p);
        changes.add("set topic permissions of " + p.user() + " on exchange " + p.exchange());
      }
    }
    Map<String, Policy> policies = byKey(mgmt.policies(vhost), Policy::name);
    for (Policy p : d.policies()) {
      Policy live = policies.get(p.name());
      if (live == null || !Differences.of(p, live).isEmpty()) {
        mgmt.putPolicy(p);
        changes.add("set policy " + p.name());
      }
    }
    Map<String, Exchange> exchanges = byKey(mgmt.exchanges(vhost), Exchange::name);
    for (Exchange e : d.exchanges()) {
      Exchange live = exchanges.get(e.name());
      if (live == null) {
        mgmt.declareExchange(e);
        changes.add("declared exchange " + e.name());
      } else if (!Differences.of(e, live).isEmpty()) {
        conflicts.add("exchange " + e.name() + ": " + String.join("; ", Differences.of(e, live)));
      }
    }
    Map<String, Queue> queues = byKey(mgmt.queues(vhost), Queue::name);
    for (Queue q : d.queues()) {
      Queue live = queues.get(q.name());
      if (live == null) {
        mgmt.declareQueue(q);
        changes.add("declared queue " + q.name());
      } else if (!Differences.of(q, live).isEmpty()) {
        conflicts.add("queue " + q.name() + ": " + String.join("; ", Differences.of(q, live)));
      }
    }
    List<Binding> bindings = mgmt.bindings(vhost);
    for (Binding b : d.bindings()) {
      if (bindings.stream().noneMatch(live -> Differences.same(live, b))) {
        mgmt.bind(b);
        changes.add("bound " + b.describe());
      }
    }
    if (!conflicts.isEmpty()) {
      throw new TopologyException(
          "applied the rest, but these exist on vhost "
              + vhost
              + " with other properties than"
              + " the file's and cannot be changed in place (delete each, after draining it, and"
              + " apply again): "
              + String.join(" | ", conflicts));
    }
    return changes;
  }
}
