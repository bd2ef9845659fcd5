package warren.system;

import com.fasterxml.jackson.core.JsonProcessingException;

/** JSON string quoting for hand-built bodies. */
final class ApiClientJson {
  private ApiClientJson() {}

  /** {@code s} as a JSON string literal, quotes included. */
  static String quote(String s) {
    try {
      return ApiClient.JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
