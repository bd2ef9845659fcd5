package warren.messaging.topology;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import warren.messaging.management.Binding;
import warren.messaging.management.Exchange;
import warren.messaging.management.Permission;
import warren.messaging.management.Policy;
import warren.messaging.management.Queue;
import warren.messaging.management.TopicPermission;

/**
 * How a resource on the broker differs from its entry in the definitions file, in words ("type is
 * topic on the broker, direct in the file"). An empty list means they are the same. Numbers compare
 * by value, so {@code 20} and {@code 20.0} are equal.
 */
final class Differences {
  private Differences() {}

  static List<String> of(Exchange file, Exchange live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "type", live.type(), file.type());
    compare(differences, "durable", live.durable(), file.durable());
    compare(differences, "auto_delete", live.autoDelete(), file.autoDelete());
    compare(differences, "internal", live.internal(), file.internal());
    compareArguments(differences, "argument", live.arguments(), file.arguments());
    return differences;
  }

  static List<String> of(Queue file, Queue live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "durable", live.durable(), file.durable());
    compare(differences, "auto_delete", live.autoDelete(), file.autoDelete());
    compareArguments(differences, "argument", live.arguments(), file.arguments());
    return differences;
  }

  static List<String> of(Permission file, Permission live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "configure", live.configure(), file.configure());
    compare(differences, "write", live.write(), file.write());
    compare(differences, "read", live.read(), file.read());
    return differences;
  }

  static List<String> of(TopicPermission file, TopicPermission live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "write", live.write(), file.write());
    compare(differences, "read", live.read(), file.read());
    return differences;
  }

  static List<String> of(Policy file, Policy live) {
    List<String> differences = new ArrayList<>();
    compare(differences, "pattern", live.pattern(), file.pattern());
    compare(differences, "apply-to", live.applyTo(), file.applyTo());
    compare(differences, "priority", live.priority(), file.priority());
    compareArguments(differences, "setting", live.definition(), file.definition());
    return differences;
  }

  static boolean same(Binding a, Binding b) {
    return a.source().equals(b.source())
        && a.destination().equals(b.destination())
        && a.destinationType().equals(b.destinationType())
        && a.routingKey().equals(b.routingKey())
        && sameArguments(a.arguments(), b.arguments());
  }

  private static void compareArguments(
      List<String> differences, String what, Map<String, Object> live, Map<String, Object> file) {
    TreeSet<String> keys = new TreeSet<>(live.keySet());
    keys.addAll(file.keySet());
    for (String key : keys) {
      if (!live.containsKey(key)) {
        differences.add(
            what
                + " "
                + key
                + " is missing on the broker ("
                + show(file.get(key))
                + " in the file)");
      } else if (!file.containsKey(key)) {
        differences.add(
            what + " " + key + " is " + show(live.get(key)) + " on the broker, not in the file");
      } else {
        compare(differences, what + " " + key, live.get(key), file.get(key));
      }
    }
  }

  private static boolean sameArguments(Map<String, Object> a, Map<String, Object> b) {
    List<String> differences = new ArrayList<>();
    compareArguments(differences, "", a, b);
    return differences.isEmpty();
  }

  private static void compare(List<String> differences, String what, Object live, Object file) {
    if (!sameValue(live, file)) {
      differences.add(
          what + " is " + show(live) + " on the broker, " + show(file) + " in the file");
    }
  }

  static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return Objects.equals(a, b);
  }

  private static String show(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }
}
