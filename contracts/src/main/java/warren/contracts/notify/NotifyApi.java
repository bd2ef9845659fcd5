package warren.contracts.notify;

import warren.messaging.RpcEndpoint;

/**
 * The endpoints of the notify worker: a user's webhooks. Web calls them on behalf of the logged-in
 * user; notify serves them and owns the webhook tables.
 *
 * <p>Live notifications are not an endpoint: for every new post, notify publishes the post ({@link
 * warren.contracts.store.Post}) once per follower on the {@code warren.notify} exchange with
 * routing key {@link #notificationRoutingKey(String) user.<followerId>}.
 */
public final class NotifyApi {
  /**
   * Registers a URL for the user. Fails with {@code invalid_url} (not an absolute http/https URL),
   * {@code forbidden_target} (the host is or resolves to an internal address) or {@code
   * duplicate_url}.
   */
  public static final RpcEndpoint<CreateWebhook, Webhook> WEBHOOK_CREATE =
      new RpcEndpoint<>("notify.webhook-create", CreateWebhook.class, Webhook.class);

  /** The user's webhooks with their delivery counts. */
  public static final RpcEndpoint<ListWebhooks, WebhookList> WEBHOOK_LIST =
      new RpcEndpoint<>("notify.webhook-list", ListWebhooks.class, WebhookList.class);

  /** Removes one of the user's webhooks. Fails with {@code not_found}, also for another's id. */
  public static final RpcEndpoint<DeleteWebhook, WebhookDeleted> WEBHOOK_DELETE =
      new RpcEndpoint<>("notify.webhook-delete", DeleteWebhook.class, WebhookDeleted.class);

  public static final String INVALID_URL = "invalid_url";
  public static final String FORBIDDEN_TARGET = "forbidden_target";
  public static final String DUPLICATE_URL = "duplicate_url";
  public static final String NOT_FOUND = "not_found";

  /** The exchange live notifications go to. */
  public static final String NOTIFICATION_EXCHANGE = "warren.notify";

  /** The routing key of a notification for one user. */
  public static String notificationRoutingKey(String userId) {
    return "user." + userId;
  }

  private NotifyApi() {}
}
