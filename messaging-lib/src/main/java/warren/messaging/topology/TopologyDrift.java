package warren.messaging.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import warren.messaging.management.Binding;
import warren.messaging.management.ManagementClient;
import warren.messaging.management.Permission;
import warren.messaging.management.TopicPermission;
import warren.messaging.management.User;

/**
 * Compares a definitions file with the live broker and says, in words, what differs: each missing
 * or different vhost, user, permission, topic permission, policy, exchange, queue (arguments
 * included) and binding, and each extra binding on a queue the file declares. An empty list means
 * the broker is in sync with the file.
 *
 * <p>What the file does not mention is not drift: other virtual hosts, users such as the operator's
 * own, and resources made at run time, such as the exclusive server-named queues web instances bind
 * to {@code warren.notify}. Password hashes are not compared (an operator may have changed a
 * password on purpose). Reads only; safe to run against production at any time.
 */
public final class TopologyDrift {
  private final ManagementClient mgmt;

  public TopologyDrift(ManagementClient mgmt) {
    this.mgmt = mgmt;
  }

  /** The drift between the file and its own virtual host. */
  public List<String> check(Definitions definitions) {
    return check(definitions, definitions.vhost());
  }

  /** The drift between the file, moved to {@code vhost}, and that virtual host. */
  public List<String> check(Definitions file, String vhost) {
    Definitions d = file.retargeted(vhost);
    if (!mgmt.vhostExists(vhost)) {
      return List.of("vhost " + vhost + " does not exist: run 'warren topology apply'");
    }
    List<String> findings = new ArrayList<>();
    Map<String, User> users = byKey(mgmt.users(), User::name);
    for (User user : d.users()) {
      if (!users.containsKey(user.name())) {
        findings.add("user " + user.name() + " does not exist");
      } else if (!Set.copyOf(users.get(user.name()).tags()).equals(Set.copyOf(user.tags()))) {
        findings.add(
            "user "
                + user.name()
                + " has tags "
                + users.get(user.name()).tags()
                + " on the broker, "
                + user.tags()
                + " in the file");
      }
    }
    Map<String, Permission> permissions = byKey(mgmt.permissions(vhost), Permission::user);
    for (Permission p : d.permissions()) {
      String name = "permission of " + p.user() + " on vhost " + vhost;
      compare(
          findings,
          name,
          Optional.ofNullable(permissions.get(p.user())),
          live -> Differences.of(p, live));
    }
    Map<String, TopicPermission> topics =
        byKey(mgmt.topicPermissions(vhost), t -> t.user() + " " + t.exchange());
    for (TopicPermission p : d.topicPermissions()) {
      String name = "topic permission of " + p.user() + " on exchange " + p.exchange();
      compare(
          findings,
          name,
          Optional.ofNullable(topics.get(p.user() + " " + p.exchange())),
          live -> Differences.of(p, live));
    }
    var policies = byKey(mgmt.policies(vhost), p -> p.name());
    d.policies()
        .forEach(
            p ->
                compare(
                    findings,
                    "policy " + p.name(),
                    Optional.ofNullable(policies.get(p.name())),
                    live -> Differences.of(p, live)));
    var exchanges = byKey(mgmt.exchanges(vhost), e -> e.name());
    d.exchanges()
        .forEach(
            e ->
                compare(
                    findings,
                    "exchange " + e.name(),
                    Optional.ofNullable(exchanges.get(e.name())),
                    live -> Differences.of(e, live)));
    var queues = byKey(mgmt.queues(vhost), q -> q.name());
    d.queues()
        .forEach(
            q ->
                compare(
                    findings,
                    "queue " + q.name(),
                    Optional.ofNullable(queues.get(q.name())),
                    live -> Differences.of(q, live)));
    compareBindings(findings, d, mgmt.bindings(vhost));
    return findings;
  }

  private static void compareBindings(List<String> findings, Definitions d, List<Binding> live) {
    for (Binding wanted : d.bindings()) {
      if (live.stream().noneMatch(b -> Differences.same(b, wanted))) {
        findings.add("binding " + wanted.describe() + " is missing");
      }
    }
    Set<String> fileQueues = d.queues().stream().map(q -> q.name()).collect(Collectors.toSet());
    for (Binding extra : live) {
      boolean onFileQueue =
          extra.destinationType().equals("queue") && fileQueues.contains(extra.destination());
      if (onFileQueue && d.bindings().stream().noneMatch(b -> Differences.same(b, extra))) {
        findings.add("binding " + extra.describe() + " is on the broker but not in the file");
      }
    }
  }

  private static <T> void compare(
      List<String> findings, String name, Optional<T> live, Function<T, List<String>> differ) {
    if (live.isEmpty()) {
      findings.add(name + " is missing");
      return;
    }
    List<String> differences = differ.apply(live.get());
    if (!differences.isEmpty()) {
      findings.add(name + " differs: " + String.join("; ", differences));
    }
  }

  static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.toMap(key, item -> item, (a, b) -> a));
  }
}
