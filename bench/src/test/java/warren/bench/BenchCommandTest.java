package warren.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  private final BenchCommand.DurationConverter durations = new BenchCommand.DurationConverter();

  @Test
  void durations_read_as_seconds_milliseconds_minutes_or_iso_8601() {
    assertEquals(Duration.ofSeconds(3), durations.convert("3s"));
    assertEquals(Duration.ofMillis(1500), durations.convert("1.5s"));
    assertEquals(Duration.ofMillis(500), durations.convert("500ms"));
    assertEquals(Duration.ofMinutes(2), durations.convert("2m"));
    assertEquals(Duration.ofSeconds(4), durations.convert("PT4S"));
  }

  @Test
  void a_duration_that_is_not_one_says_how_to_write_it() {
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> durations.convert("soon"));
    assertEquals("'soon' is not a duration: write 3s, 500ms, 2m or PT4S", e.getMessage());
  }

  @Test
  void an_unknown_scenario_fails_with_the_list_before_touching_the_broker() {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine line = new CommandLine(new BenchCommand());
    line.setErr(new java.io.PrintWriter(err));
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      assertEquals(2, line.execute("e3e"));
    } finally {
      System.setErr(stderr);
    }
    assertEquals(
        "error: no scenario e3e; choose from [rpc, commands, e2e]", captured.toString().strip());
  }
}
