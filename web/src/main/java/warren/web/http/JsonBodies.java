package warren.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out of the HTTP API: one mapper (instants as ISO-8601 UTC strings, nulls kept so that
 * {@code "next": null} appears), and request bodies read with the 64 KiB limit of API.md.
 * Thread-safe.
 */
public final class JsonBodies {
  /** Largest request body accepted; larger ones get 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JsonBodies() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes a response value. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Reads a request body that must be a JSON object.
   *
   * @throws ApiException 413 {@code too_large} over {@link #MAX_BODY_BYTES}, 400 {@code
   *     invalid_json} when it is not JSON, 400 {@code invalid_body} when it is not an object
   */
  public static JsonNode readObject(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "invalid_json", "The request body is not valid JSON: send a JSON object.");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(
          "invalid_body", "The request body must be a JSON object, like {\"text\": \"...\"}.");
    }
    return node;
  }

  /**
   * A string field of a body object.
   *
   * @throws ApiException 400 {@code invalid_body} when it is missing or not a string
   */
  public static String requiredString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw ApiException.badRequest(
          "invalid_body", "The request body needs a string field \"" + field + "\".");
    }
    return value.asText();
  }

  static ApiException tooLarge() {
    return new ApiException(
        413, "too_large", "The request body is over " + MAX_BODY_BYTES / 1024 + " KiB.");
  }
}
