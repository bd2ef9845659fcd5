package warren.contracts.store;

import java.util.Optional;
import warren.messaging.ServiceError;

/**
 * The rule for a post's text, shared by the web (which answers 400) and the store (which checks
 * again): not blank, at most {@value #MAX_CODE_POINTS} Unicode code points, so an emoji outside the
 * Basic Multilingual Plane counts as one, and no NUL character, which PostgreSQL cannot store (a
 * post accepted with one could never be written: the garbage drill found it dead-lettered).
 */
public final class PostText {
  /** The longest text, in Unicode code points. */
  public static final int MAX_CODE_POINTS = 141;

  private PostText() {}

  /**
   * Why the text is not acceptable, as one sentence for a person, or empty when it is.
   *
   * @param text the text as typed, possibly null
   */
  public static Optional<String> problem(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("A post needs some text.");
    }
    if (text.indexOf('\0') >= 0) {
      return Optional.of("A post cannot contain the NUL character (U+0000).");
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_CODE_POINTS) {
      return Optional.of(
          "A post can have at most "
              + MAX_CODE_POINTS
              + " characters; this one has "
              + length
              + ".");
    }
    return Optional.empty();
  }

  /**
   * Returns the text if acceptable.
   *
   * @throws ServiceError with code {@link StoreApi#INVALID_TEXT} and the {@link #problem} otherwise
   */
  public static String requireValid(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new ServiceError(StoreApi.INVALID_TEXT, problem.get());
    }
    return text;
  }
}
