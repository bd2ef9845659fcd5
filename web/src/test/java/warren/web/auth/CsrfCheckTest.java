package warren.web.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.junit.jupiter.api.Test;
import warren.web.http.ApiException;

class CsrfCheckTest {
  private static final Credentials COOKIE = new Credentials("t", Credentials.Source.COOKIE);
  private static final Credentials BEARER = new Credentials("t", Credentials.Source.BEARER);

  private static HttpServerExchange request(HttpString method, String... headers) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.setRequestMethod(method);
    HeaderMap map = exchange.getRequestHeaders();
    map.put(Headers.HOST, "localhost:8080");
    for (int i = 0; i < headers.length; i += 2) {
      map.put(new HttpString(headers[i]), headers[i + 1]);
    }
    return exchange;
  }

  private static void refused(HttpServerExchange exchange) {
    ApiException e = assertThrows(ApiException.class, () -> CsrfCheck.require(exchange, COOKIE));
    assertEquals(403, e.status());
    assertEquals("csrf_rejected", e.code());
  }

  @Test
  void a_cookie_post_from_the_sites_own_origin_passes() {
    assertDoesNotThrow(
        () -> CsrfCheck.require(request(Methods.POST, "Origin", "http://localhost:8080"), COOKIE));
    assertDoesNotThrow(
        () -> CsrfCheck.require(request(Methods.DELETE, "Sec-Fetch-Site", "same-origin"), COOKIE));
    assertDoesNotThrow(
        () ->
            CsrfCheck.require(
                request(Methods.PUT, "Referer", "http://localhost:8080/u/ada"), COOKIE));
  }

  @Test
  void a_cookie_post_from_elsewhere_or_without_proof_is_refused() {
    refused(request(Methods.POST));
    refused(request(Methods.POST, "Origin", "http://evil.example"));
    refused(request(Methods.POST, "Origin", "http://localhost:9999"));
    refused(request(Methods.POST, "Origin", "null"));
    refused(request(Methods.DELETE, "Sec-Fetch-Site", "cross-site"));
    refused(request(Methods.PUT, "Referer", "http://evil.example/localhost:8080"));
  }

  @Test
  void the_origin_wins_over_other_headers() {
    refused(
        request(Methods.POST, "Origin", "http://evil.example", "Sec-Fetch-Site", "same-origin"));
  }

  @Test
  void behind_a_proxy_the_forwarded_host_is_the_sites_own() {
    assertDoesNotThrow(
        () ->
            CsrfCheck.require(
                request(
                    Methods.POST,
                    "X-Forwarded-Host",
                    "warren.example",
                    "Origin",
                    "https://warren.example"),
                COOKIE));
  }

  @Test
  void safe_methods_and_bearer_tokens_need_no_proof() {
    assertDoesNotThrow(() -> CsrfCheck.require(request(Methods.GET), COOKIE));
    assertDoesNotThrow(
        () -> CsrfCheck.require(request(Methods.POST, "Origin", "http://evil.example"), BEARER));
  }
}
