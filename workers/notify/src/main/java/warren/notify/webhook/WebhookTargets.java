package warren.notify.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import warren.contracts.notify.NotifyApi;
import warren.messaging.ServiceError;

/**
 * Decides whether a URL may be a webhook: an absolute {@code http}/{@code https} URL whose host is
 * not, and does not resolve to, an address inside the deployment (loopback, private, link-local,
 * unique-local, carrier-grade NAT, multicast, unspecified), unless private targets are allowed.
 * Checked when a webhook is created and again before each delivery, since DNS can change.
 * Thread-safe.
 */
public final class WebhookTargets {
  /** A resolver, so tests can point names anywhere without touching DNS. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = InetAddress::getAllByName;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  public WebhookTargets(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /**
   * The URL, parsed, when it may be a webhook.
   *
   * @throws ServiceError {@code invalid_url} or {@code forbidden_target}, saying why
   */
  public URI check(String url) {
    URI uri = parse(url);
    problem(uri)
        .ifPresent(
            why -> {
              throw new ServiceError(NotifyApi.FORBIDDEN_TARGET, why);
            });
    return uri;
  }

  /** Why deliveries to {@code uri} are not allowed now, or empty when they are. */
  public Optional<String> problem(URI uri) {
    if (allowPrivate) {
      return Optional.empty();
    }
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    if (lower.equals("localhost")
        || lower.endsWith(".localhost")
        || lower.endsWith(".internal")
        || lower.endsWith(".local")) {
      return Optional.of("the host " + host + " is internal; use a public address");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      return Optional.of("the host " + host + " does not resolve; use a public address");
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        return Optional.of(
            "the host "
                + host
                + " resolves to the internal address "
                + address.getHostAddress()
                + "; use a public address");
      }
    }
    return Optional.empty();
  }

  static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("url is missing");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw invalid("'" + url + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw invalid("'" + url + "' is not an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalid("'" + url + "' has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("'" + url + "' must not carry a user name or password");
    }
    return uri;
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return false;
  }

  private static ServiceError invalid(String why) {
    return new ServiceError(NotifyApi.INVALID_URL, why);
  }
}
