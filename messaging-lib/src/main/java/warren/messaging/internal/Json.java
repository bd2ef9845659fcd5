package warren.messaging.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Message bodies as JSON: records in, records out, times as ISO-8601. Thread-safe. */
public final class Json {
  private final ObjectMapper mapper =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  // A reader and a writer per message type, made once: ObjectMapper.readValue and
  // writeValueAsBytes resolve the type and look up its (de)serializer again on every message.
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
  private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

  public byte[] write(Object value) {
    try {
      return value == null
          ? mapper.writeValueAsBytes(null)
          : writers.computeIfAbsent(value.getClass(), mapper::writerFor).writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * Reads a body, or throws {@link UnreadableMessageException} when it is not JSON of that shape
   * (including a JSON {@code null}).
   */
  public <T> T read(byte[] body, Class<T> type) {
    try {
      T value = readers.computeIfAbsent(type, mapper::readerFor).readValue(body);
      if (value == null) {
        throw new UnreadableMessageException("body is JSON null, expected " + type.getSimpleName());
      }
      return value;
    } catch (IOException e) {
      String detail =
          e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw new UnreadableMessageException(
          "body is not a " + type.getSimpleName() + " in JSON: " + detail, e);
    }
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** A message body that is not JSON, or not of the expected shape. Never retried. */
  public static final class UnreadableMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableMessageException(String message) {
      super(message);
    }

    UnreadableMessageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
