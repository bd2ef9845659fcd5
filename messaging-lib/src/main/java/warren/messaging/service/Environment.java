package warren.messaging.service;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Typed reads of a process's environment variables, each with the default that works on a
 * developer's machine. A value that does not parse is refused with the variable's name, what it
 * should look like, and what it was, so a typo stops the process at start instead of later.
 */
public final class Environment {
  private Environment() {}

  /** The value, stripped, or {@code fallback} when unset or blank. */
  public static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  public static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number like " + fallback + ", was '" + value + "'", e);
    }
  }

  /** {@code true} or {@code false}, in any case. */
  public static boolean flag(Map<String, String> env, String name, boolean fallback) {
    String value = text(env, name, Boolean.toString(fallback));
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /** An ISO-8601 duration such as {@code PT5S} or {@code P30D}. */
  public static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 duration like PT5S or P30D, was '" + value + "'", e);
    }
  }
}
