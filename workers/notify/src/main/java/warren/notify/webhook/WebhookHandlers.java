package warren.notify.webhook;

import java.sql.SQLException;
import java.util.UUID;
import warren.contracts.notify.CreateWebhook;
import warren.contracts.notify.DeleteWebhook;
import warren.contracts.notify.ListWebhooks;
import warren.contracts.notify.NotifyApi;
import warren.contracts.notify.Webhook;
import warren.contracts.notify.WebhookDeleted;
import warren.contracts.notify.WebhookList;
import warren.messaging.MessageContext;
import warren.messaging.ServiceError;

/**
 * Serves {@link NotifyApi#WEBHOOK_CREATE}, {@link NotifyApi#WEBHOOK_LIST} and {@link
 * NotifyApi#WEBHOOK_DELETE}. Thread-safe.
 */
public final class WebhookHandlers {
  private final WebhookRepository webhooks;
  private final WebhookTargets targets;

  public WebhookHandlers(WebhookRepository webhooks, WebhookTargets targets) {
    this.webhooks = webhooks;
    this.targets = targets;
  }

  /**
   * @throws ServiceError {@code invalid_url}, {@code forbidden_target} or {@code duplicate_url}
   */
  public Webhook create(CreateWebhook request, MessageContext context) throws SQLException {
    String url = targets.check(request.url()).toString();
    String id = UUID.randomUUID().toString();
    return webhooks
        .create(id, request.userId(), url)
        .map(created -> new Webhook(created, url))
        .orElseThrow(
            () ->
                new ServiceError(
                    NotifyApi.DUPLICATE_URL, "You already have a webhook for " + url + "."));
  }

  public WebhookList list(ListWebhooks request, MessageContext context) throws SQLException {
    return new WebhookList(webhooks.list(request.userId()));
  }

  /**
   * @throws ServiceError {@code not_found}, also for another user's webhook
   */
  public WebhookDeleted delete(DeleteWebhook request, MessageContext context) throws SQLException {
    if (!webhooks.delete(request.userId(), request.webhookId())) {
      throw new ServiceError(
          NotifyApi.NOT_FOUND, "You have no webhook with id " + request.webhookId() + ".");
    }
    return new WebhookDeleted(request.webhookId());
  }
}
