package warren.system;

import java.util.ArrayList;
import java.util.List;

/** The checks of one drill: each one recorded as passed or failed, with what was seen. */
final class Checks {
  private final List<String> lines = new ArrayList<>();
  private boolean passed = true;

  /** Records {@code what} as passed when {@code held}; {@code seen} says what was measured. */
  boolean check(boolean held, String what, Object seen) {
    lines.add((held ? "ok     " : "FAILED ") + what + (seen == null ? "" : " (" + seen + ")"));
    passed &= held;
    return held;
  }

  boolean check(boolean held, String what) {
    return check(held, what, null);
  }

  /** A drill that could not run to its end: that is a failure too. */
  void failed(String what, Throwable cause) {
    check(false, what, cause.toString());
  }

  boolean passed() {
    return passed;
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
