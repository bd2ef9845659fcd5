package warren.contracts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import warren.messaging.ServiceError;

class PostTextTest {
  @Test
  void text_of_exactly_141_characters_is_accepted() {
    assertTrue(PostText.problem("a".repeat(141)).isEmpty());
  }

  @Test
  void text_of_142_characters_is_rejected_with_its_length() {
    assertEquals(
        "A post can have at most 141 characters; this one has 142.",
        PostText.problem("a".repeat(142)).orElseThrow());
  }

  @Test
  void an_emoji_counts_as_one_character_although_it_takes_two_chars() {
    String rabbits = "\uD83D\uDC07".repeat(141);
    assertEquals(282, rabbits.length());
    assertTrue(PostText.problem(rabbits).isEmpty());
    assertTrue(PostText.problem(rabbits + "!").isPresent());
  }

  @Test
  void null_empty_and_blank_text_are_rejected() {
    assertTrue(PostText.problem(null).isPresent());
    assertTrue(PostText.problem("").isPresent());
    assertTrue(PostText.problem(" \n\t").isPresent());
  }

  @Test
  void text_with_a_NUL_character_is_rejected_because_PostgreSQL_cannot_store_it() {
    assertEquals(
        "A post cannot contain the NUL character (U+0000).",
        PostText.problem("a\u0000b").orElseThrow());
  }

  @Test
  void requireValid_throws_invalid_text() {
    ServiceError error = assertThrows(ServiceError.class, () -> PostText.requireValid(""));
    assertEquals(StoreApi.INVALID_TEXT, error.code());
    assertEquals("hello", PostText.requireValid("hello"));
  }
}
