package warren.contracts.notify;

/**
 * One webhook as its owner sees it (API.md's {@code GET /api/v1/webhooks} row).
 *
 * @param lastError the last delivery failure in words, or null when none failed
 */
public record WebhookStatus(String id, String url, long delivered, long failed, String lastError) {}
