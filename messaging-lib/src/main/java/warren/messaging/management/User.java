package warren.messaging.management;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A broker user. Users are global: they belong to no virtual host (their {@link Permission}s do).
 *
 * @param name the user name
 * @param passwordHash base64 of salt and hash, as RabbitMQ stores it; null when unknown
 * @param hashingAlgorithm for example {@code rabbit_password_hashing_sha256}
 * @param tags management tags such as {@code administrator}; empty for service users
 */
public record User(String name, String passwordHash, String hashingAlgorithm, List<String> tags) {

  public User {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Reads both spellings of tags: a comma-separated string (definitions) or a list (API). */
  @JsonCreator
  static User fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("password_hash") String passwordHash,
      @JsonProperty("hashing_algorithm") String hashingAlgorithm,
      @JsonProperty("tags") JsonNode tags) {
    List<String> parsed = new ArrayList<>();
    if (tags != null && tags.isArray()) {
      tags.forEach(tag -> parsed.add(tag.asText()));
    } else if (tags != null && tags.isTextual()) {
      Arrays.stream(tags.asText().split(","))
          .map(String::strip)
          .filter(tag -> !tag.isEmpty())
          .forEach(parsed::add);
    }
    return new User(name, passwordHash, hashingAlgorithm, parsed);
  }
}
