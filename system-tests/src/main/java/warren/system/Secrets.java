package warren.system;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every password and session token the drills used, so that the security drill can look for them in
 * the logs of every process. Thread-safe.
 */
public final class Secrets {
  private final Set<String> values = ConcurrentHashMap.newKeySet();

  public void add(String secret) {
    if (secret != null && secret.length() >= 8) {
      values.add(secret);
    }
  }

  public List<String> all() {
    return List.copyOf(values);
  }

  public int size() {
    return values.size();
  }

  /** The lines that contain any secret, each shown with the secret masked. */
  public List<String> leakedIn(List<String> lines) {
    return lines.stream()
        .filter(line -> values.stream().anyMatch(line::contains))
        .map(
            line -> {
              String masked = line;
              for (String secret : values) {
                masked = masked.replace(secret, "<secret>");
              }
              return masked;
            })
        .toList();
  }
}
