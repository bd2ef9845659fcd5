package warren.system;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Warren checkout is: the directory holding the {@code warren} launcher. */
final class Repo {
  private Repo() {}

  /**
   * The system property {@code warren.root} if set, otherwise the nearest directory at or above the
   * working directory that holds {@code warren} and {@code pom.xml} (Maven runs the tests in {@code
   * system-tests/}, {@code ./warren drill} in the root).
   */
  static Path root() {
    String configured = System.getProperty("warren.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("warren")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Warren checkout above "
            + Path.of("").toAbsolutePath()
            + ": run from inside it or set -Dwarren.root=/path/to/warren");
  }
}
