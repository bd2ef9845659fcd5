package warren.contracts.notify;

/** The reply of {@link NotifyApi#WEBHOOK_DELETE}. */
public record WebhookDeleted(String id) {}
