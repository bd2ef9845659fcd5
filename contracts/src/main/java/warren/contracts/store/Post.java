package warren.contracts.store;

import java.time.Instant;

/**
 * A post as readers see it; also the JSON of the HTTP API.
 *
 * @param id the id assigned when it was posted
 * @param author the author's username
 * @param text the text, at most {@value PostText#MAX_CODE_POINTS} code points
 * @param createdAt when it was posted, to the microsecond; serialized as ISO-8601 UTC
 */
public record Post(String id, String author, String text, Instant createdAt) {}
