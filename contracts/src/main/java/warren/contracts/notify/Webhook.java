package warren.contracts.notify;

/** A registered webhook: the reply of {@link NotifyApi#WEBHOOK_CREATE}. */
public record Webhook(String id, String url) {}
