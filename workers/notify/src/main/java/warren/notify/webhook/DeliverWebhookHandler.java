package warren.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import warren.messaging.MessageContext;

/**
 * Consumes {@link WebhookDelivery} commands: checks the target again, waits briefly for the host's
 * rate limit and in-flight cap (or defers the delivery to the end of the queue), POSTs the post as
 * JSON with the header {@code Warren-Delivery}, and counts the outcome on the webhook. A failure
 * (non-2xx, timeout, refused connection, forbidden address) is counted, kept as the webhook's last
 * error and thrown, so the library retries with backoff and finally dead-letters the command.
 * Redirects are not followed. Thread-safe; closes its HTTP client.
 */
public final class DeliverWebhookHandler implements AutoCloseable {
  public static final String DELIVERY_HEADER = "Warren-Delivery";

  private static final Logger log = LoggerFactory.getLogger(DeliverWebhookHandler.class);

  private final WebhookRepository webhooks;
  private final WebhookTargets targets;
  private final HostLimits limits;
  private final Deferral deferral;
  private final ObjectMapper json;
  private final Duration timeout;
  private final HttpClient http;

  public DeliverWebhookHandler(
      WebhookRepository webhooks,
      WebhookTargets targets,
      HostLimits limits,
      Deferral deferral,
      ObjectMapper json,
      Duration timeout) {
    this.webhooks = webhooks;
    this.targets = targets;
    this.limits = limits;
    this.deferral = deferral;
    this.json = json;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Puts a delivery back at the end of the queue, confirmed, with the same message id. */
  @FunctionalInterface
  public interface Deferral {
    void defer(WebhookDelivery delivery, String messageId);
  }

  /**
   * Delivers once, or defers the delivery when its host is at its limit; throws {@link
   * WebhookDeliveryException} when the target did not take it.
   */
  public void handle(WebhookDelivery delivery, MessageContext context) throws Exception {
    String deliveryId = WebhookDelivery.idOf(delivery.webhookId(), delivery.post().id());
    Optional<String> url = webhooks.urlOf(delivery.webhookId());
    if (url.isEmpty()) {
      log.info("webhook {} was deleted; delivery {} dropped", delivery.webhookId(), deliveryId);
      return;
    }
    if (webhooks.wasDelivered(deliveryId)) {
      return; // a redelivered command whose POST already succeeded
    }
    URI target = URI.create(url.get());
    Optional<String> forbidden = targets.problem(target);
    if (forbidden.isPresent()) {
      fail(delivery.webhookId(), "not delivered: " + forbidden.get());
    }
    Optional<HostLimits.Entry> entry = limits.tryEnter(target.getHost());
    if (entry.isEmpty()) {
      deferral.defer(delivery, context.messageId());
      return;
    }
    try (HostLimits.Entry held = entry.get()) {
      post(delivery, target, deliveryId);
    }
  }

  private void post(WebhookDelivery delivery, URI target, String deliveryId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(DELIVERY_HEADER, deliveryId)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(delivery.post())))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw fail(delivery.webhookId(), "POST " + target + " timed out after " + timeout);
    } catch (IOException e) {
      throw fail(
          delivery.webhookId(),
          "POST " + target + " failed: " + (e.getMessage() != null ? e.getMessage() : e));
    }
    if (response.statusCode() / 100 != 2) {
      throw fail(
          delivery.webhookId(), "POST " + target + " answered HTTP " + response.statusCode());
    }
    webhooks.recordDelivered(delivery.webhookId(), deliveryId);
  }

  private WebhookDeliveryException fail(String webhookId, String why) throws Exception {
    webhooks.recordFailed(webhookId, why);
    throw new WebhookDeliveryException(why);
  }

  @Override
  public void close() {
    http.close();
  }

  /** A delivery the target did not take; retried, then dead-lettered. */
  public static final class WebhookDeliveryException extends Exception {
    public WebhookDeliveryException(String message) {
      super(message);
    }
  }
}
