package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The routing keys one user may use on one topic exchange: {@code write} is matched against the
 * routing key of each message the user publishes there, {@code read} against the key of each
 * binding the user makes from it. A user without a topic permission on an exchange is not limited
 * by routing key.
 *
 * @param user the user name
 * @param vhost the virtual host
 * @param exchange the topic exchange
 * @param write routing keys the user may publish with
 * @param read binding keys the user may bind with
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TopicPermission(
    String user, String vhost, String exchange, String write, String read) {

  /** The same topic permission in another virtual host. */
  public TopicPermission withVhost(String otherVhost) {
    return new TopicPermission(user, otherVhost, exchange, write, read);
  }
}
