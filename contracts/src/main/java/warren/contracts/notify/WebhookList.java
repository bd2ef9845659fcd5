package warren.contracts.notify;

import java.util.List;

/** The reply of {@link NotifyApi#WEBHOOK_LIST}, oldest first. */
public record WebhookList(List<WebhookStatus> webhooks) {}
