package warren.notify.webhook;

import warren.contracts.store.Post;
import warren.messaging.CommandEndpoint;

/**
 * Command: POST {@code post} to webhook {@code webhookId}. One per (webhook, post), sent by the
 * fan-out with the message id {@code <webhookId>:<postId>}, which is also the {@code
 * Warren-Delivery} header, the same on every retry.
 */
public record WebhookDelivery(String webhookId, Post post) {
  /** Notify's own delivery queue; only notify sends to it and consumes it. */
  public static final CommandEndpoint<WebhookDelivery> ENDPOINT =
      new CommandEndpoint<>("notify.webhook-deliveries", WebhookDelivery.class);

  /** The id of the delivery of post {@code postId} to webhook {@code webhookId}. */
  public static String idOf(String webhookId, String postId) {
    return webhookId + ":" + postId;
  }
}
