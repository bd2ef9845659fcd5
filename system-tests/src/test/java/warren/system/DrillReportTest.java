package warren.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportTest {
  static final DrillResult CRASH =
      new DrillResult(
          "worker-crash",
          5000,
          5000,
          5000,
          0,
          0,
          4.2,
          true,
          List.of("ok     all 5000 posts were sent (5000)", "ok     every process is ready"),
          106);
  static final DrillResult CLUSTER =
      new DrillResult(
          "cluster",
          3382,
          459,
          459,
          0,
          0,
          97.6,
          false,
          List.of("ok     three nodes clustered", "FAILED posts are accepted (not within 60 s)"),
          173);

  @TempDir Path dir;

  @Test
  void the_markdown_reads_back_as_the_results_it_shows() throws Exception {
    Path md = dir.resolve("drills.md");
    DrillReport.writeMarkdown(md, List.of(CRASH, CLUSTER), DrillSuite.all());
    assertEquals(List.of(CRASH, CLUSTER), DrillReport.readMarkdown(Files.readString(md)));
  }

  @Test
  void on_a_fresh_checkout_one_drill_keeps_the_committed_figures_of_the_others() throws Exception {
    Path md = dir.resolve("drills.md");
    DrillReport.writeMarkdown(md, List.of(CRASH, CLUSTER), DrillSuite.all());
    DrillResult clusterAgain =
        new DrillResult("cluster", 1086, 1001, 1001, 0, 0, 21.0, true, List.of("ok     x"), 152);
    List<DrillResult> merged =
        DrillReport.merge(
            dir.resolve("no-target/drills.json"), md, List.of(clusterAgain), DrillSuite.all());
    assertEquals(List.of(CRASH, clusterAgain), merged);
  }

  @Test
  void the_figures_of_target_win_over_the_markdown_when_both_exist() throws Exception {
    Path md = dir.resolve("drills.md");
    DrillReport.writeMarkdown(md, List.of(CRASH, CLUSTER), DrillSuite.all());
    Path json = dir.resolve("drills.json");
    DrillResult newerCluster =
        new DrillResult("cluster", 1, 1, 1, 0, 0, 1.0, true, List.of("ok     y"), 9);
    DrillReport.writeJson(json, List.of(newerCluster));
    assertEquals(
        List.of(CRASH, newerCluster), DrillReport.merge(json, md, List.of(), DrillSuite.all()));
  }
}
