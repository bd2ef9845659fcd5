package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one user may do in one virtual host: three regular expressions matched against the names of
 * the exchanges and queues an operation touches ({@code amq.default} stands for the default
 * exchange).
 *
 * @param user the user name
 * @param vhost the virtual host
 * @param configure names the user may declare and delete
 * @param write names the user may publish to (exchanges) or bind (queues)
 * @param read names the user may consume from (queues) or bind from (exchanges)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Permission(String user, String vhost, String configure, String write, String read) {

  /** The same permission in another virtual host. */
  public Permission withVhost(String otherVhost) {
    return new Permission(user, otherVhost, configure, write, read);
  }
}
