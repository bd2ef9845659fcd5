package warren.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private final List<Row> rows =
      List.of(
          new Row("rpc", "raw-amqp", 64, 20000, 3.0, 6.0, 1.0, 1.0, 1.0, 30, 0),
          new Row("rpc", "warren-amqp", 64, 19000, 3.3, 7.0, 0.95, 1.1, 1.1667, 45, 0),
          new Row("rpc", "spring-amqp", 64, 10000, 6.0, 9.0, 0.5, 2.0, 1.5, 90, 0),
          new Row("rpc", "warren-amqp", 1, 2000, 0.45, 1.0, 0.9, 1.2, 1.1, 200, 0));

  @Test
  void latest_json_has_one_object_per_row_with_the_fields_the_issue_names(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("results/latest.json");
    Report.json(rows, file);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals(4, json.size());
    JsonNode warren = json.get(1);
    List<String> fields = new java.util.ArrayList<>();
    warren.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "scenario", "contender", "inFlight", "throughput", "p50Ms", "p99Ms", "ratioToBaseline"),
        fields);
    assertEquals("warren-amqp", warren.get("contender").asText());
    assertEquals(0.95, warren.get("ratioToBaseline").asDouble());
  }

  @Test
  void failed_calls_are_noted_below_the_table_so_every_row_stays_a_table_row() {
    List<Row> withErrors =
        List.of(
            new Row("rpc", "raw-amqp", 64, 20000, 3.0, 6.0, 1.0, 1.0, 1.0, 30, 0),
            new Row("rpc", "warren-http", 64, 15000, 3.5, 10.0, 0.75, 1.2, 1.7, 110, 1));
    StringWriter out = new StringWriter();
    Report.table(withErrors, new PrintWriter(out));

    List<String> tableLines = out.toString().lines().takeWhile(l -> !l.isEmpty()).toList();
    assertEquals(4, tableLines.size(), out.toString());
    for (String line : tableLines) {
      assertEquals(11, line.chars().filter(c -> c == '|').count(), line);
      assertTrue(line.endsWith("|"), line);
    }
    assertTrue(
        out.toString()
            .contains(
                "rpc warren-http at 64 in flight: 1 failed call over all rounds (not counted in"
                    + " calls/s)"),
        out.toString());
  }

  @Test
  void goals_compare_the_ratios_of_one_run_and_say_which_were_missed() {
    List<Goals.Result> goals = Goals.check(rows);

    assertEquals(4, goals.size());
    assertTrue(goals.get(0).met(), "0.95× raw throughput");
    assertTrue(goals.get(1).met(), "1.17× raw p99");
    assertEquals(1.9, goals.get(2).measured(), 1e-9);
    assertFalse(goals.get(3).met(), "1.2× raw p50 at 1 in flight");
    StringWriter out = new StringWriter();
    Goals.print(goals, new PrintWriter(out));
    assertTrue(
        out.toString().contains("| rpc@1 warren-amqp p50 ≤ 1.1× raw-amqp | 1.20× | MISSED |"));
  }
}
