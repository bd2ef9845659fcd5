package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A policy: settings the broker applies to every queue or exchange whose name matches.
 *
 * @param vhost the virtual host
 * @param name the policy name
 * @param pattern the regular expression matched against queue or exchange names
 * @param applyTo {@code queues}, {@code exchanges} or {@code all}
 * @param definition the settings, for example {@code max-length}
 * @param priority which policy wins when several match (highest)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Policy(
    String vhost,
    String name,
    String pattern,
    @JsonProperty("apply-to") String applyTo,
    Map<String, Object> definition,
    int priority) {

  public Policy {
    applyTo = applyTo == null ? "all" : applyTo;
    definition = definition == null ? Map.of() : Map.copyOf(definition);
  }

  /** The same policy in another virtual host. */
  public Policy withVhost(String otherVhost) {
    return new Policy(otherVhost, name, pattern, applyTo, definition, priority);
  }
}
