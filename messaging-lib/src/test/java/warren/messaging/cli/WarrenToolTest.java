package warren.messaging.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WarrenToolTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return WarrenTool.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void help_lists_the_topology_command() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("topology"), out.toString());
  }

  @Test
  void help_lists_the_scaling_commands() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("scale"), out.toString());
    assertTrue(out.toString().contains("autoscale"), out.toString());
    assertEquals(0, run("scale", "hints", "--help"));
    assertTrue(out.toString().contains("--watch"), out.toString());
    assertTrue(out.toString().contains("--window"), out.toString());
  }

  @Test
  void autoscale_of_a_role_without_a_health_port_is_exit_code_2_naming_the_option() {
    assertEquals(2, run("autoscale", "billing"));
    assertTrue(
        err.toString().contains("no health port for billing: give one with --port billing=PORT"),
        err.toString());
  }

  @Test
  void topology_check_help_names_the_management_options_and_their_environment() {
    assertEquals(0, run("topology", "check", "--help"));
    assertTrue(out.toString().contains("--mgmt-uri"), out.toString());
    assertTrue(out.toString().contains("WARREN_MGMT_URI"), out.toString());
  }

  @Test
  void an_unreachable_broker_is_exit_code_2_with_one_line_naming_the_url_and_the_fix() {
    assertEquals(2, run("topology", "check", "--mgmt-uri", "http://127.0.0.1:1"));
    String message = err.toString();
    assertTrue(
        message.startsWith("error: management API at http://127.0.0.1:1 is not reachable"),
        message);
    assertTrue(message.contains("check WARREN_MGMT_URI"), message);
    assertEquals(1, message.strip().lines().count(), "no stack trace: " + message);
  }

  @Test
  void a_missing_file_is_exit_code_2_naming_the_path() {
    assertEquals(2, run("topology", "apply", "--file", "no/such/rabbit-definitions.json"));
    assertTrue(err.toString().contains("no definitions file at "), err.toString());
    assertTrue(err.toString().contains("pass --file"), err.toString());
  }

  @Test
  void an_unknown_subcommand_is_exit_code_2() {
    assertEquals(2, run("topology", "explode"));
  }
}
