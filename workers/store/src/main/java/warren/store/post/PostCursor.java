package warren.store.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The position after a post in a newest-first page: its time and id, so posts sharing one timestamp
 * still have one order and paging neither repeats nor skips them.
 *
 * <p>Encoded for callers as an opaque URL-safe string; only {@link #decode} reads it.
 *
 * @param createdAt the post's time, to the microsecond (PostgreSQL's precision)
 * @param id the post's id
 */
public record PostCursor(Instant createdAt, String id) {
  private static final String VERSION = "1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public PostCursor {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("a cursor needs a post id");
    }
  }

  /** The opaque form handed to callers as {@code next}. */
  public String encode() {
    long micros =
        Math.addExact(
            Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L),
            createdAt.getNano() / 1_000);
    String plain = VERSION + ":" + micros + ":" + id;
    return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor made by {@link #encode}.
   *
   * @throws IllegalArgumentException when {@code encoded} is not such a cursor
   */
  public static PostCursor decode(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    String plain;
    try {
      plain = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor is not URL-safe base64: " + e.getMessage(), e);
    }
    String[] parts = plain.split(":", 3);
    if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
      throw new IllegalArgumentException("cursor is not of version " + VERSION);
    }
    long micros;
    try {
      micros = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cursor time is not a number", e);
    }
    Instant createdAt =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    return new PostCursor(createdAt, parts[2]);
  }
}
