package warren.notify.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import warren.contracts.notify.NotifyApi;
import warren.messaging.ServiceError;

class WebhookTargetsTest {
  static final Map<String, String> DNS =
      Map.of(
          "example.test", "93.184.216.34",
          "intranet.test", "10.1.2.3",
          "metadata.test", "169.254.169.254",
          "cgnat.test", "100.64.0.1",
          "v6.test", "2606:4700::1111",
          "ula.test", "fd00::1");

  final WebhookTargets strict = new WebhookTargets(false, WebhookTargetsTest::resolve);
  final WebhookTargets lenient = new WebhookTargets(true, WebhookTargetsTest::resolve);

  static InetAddress[] resolve(String host) throws UnknownHostException {
    String address = DNS.get(host);
    if (address == null) {
      // Literal addresses resolve to themselves without DNS.
      if (host.matches("[0-9.]+") || host.contains(":")) {
        return new InetAddress[] {InetAddress.getByName(host)};
      }
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  @Test
  void a_public_http_or_https_url_is_accepted() {
    assertEquals(
        URI.create("https://example.test/hook"), strict.check("https://example.test/hook"));
    strict.check("http://example.test:8080/a?b=c");
    strict.check("https://v6.test/hook");
  }

  @Test
  void anything_but_an_absolute_http_url_is_invalid_url() {
    for (String url :
        new String[] {
          "",
          "/relative",
          "ftp://example.test/x",
          "example.test/hook",
          "http://",
          "not a url",
          "https://user:pw@example.test/"
        }) {
      ServiceError e = assertThrows(ServiceError.class, () -> strict.check(url), url);
      assertEquals(NotifyApi.INVALID_URL, e.code(), url);
    }
  }

  @Test
  void internal_hosts_and_addresses_are_forbidden_targets() {
    for (String url :
        new String[] {
          "http://127.0.0.1/x",
          "http://localhost:8080/x",
          "http://[::1]/x",
          "http://10.0.0.8/x",
          "http://192.168.1.1/x",
          "http://172.16.5.4/x",
          "http://intranet.test/x",
          "http://metadata.test/latest",
          "http://cgnat.test/x",
          "http://ula.test/x",
          "http://0.0.0.0/x",
          "http://db.internal/x",
          "http://unknown.test/x"
        }) {
      ServiceError e = assertThrows(ServiceError.class, () -> strict.check(url), url);
      assertEquals(NotifyApi.FORBIDDEN_TARGET, e.code(), url);
      assertTrue(e.getMessage().contains("public address"), e.getMessage());
    }
  }

  @Test
  void private_targets_are_allowed_when_configured() {
    lenient.check("http://127.0.0.1:9000/hook");
    lenient.check("http://intranet.test/hook");
  }
}
