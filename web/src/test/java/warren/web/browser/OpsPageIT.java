package warren.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * The {@code /ops} page in headless Chromium against the running app, with a real failure: a post
 * that store's database refuses (a check constraint, as a bad migration would add) is retried, then
 * dead-lettered; the operator sees it on the page with its cause and message, the fault is fixed,
 * and the operator replays it through the confirmation step.
 */
class OpsPageIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  static final String ADMIN = "opsadmin";
  static final String DLQ = "store.create-post.dlq";

  /** Retries wait 1 s, 5 s and 30 s before the dead letter; the rest is slack. */
  static final Duration DEAD_LETTERED = Duration.ofSeconds(60);

  private static RunningApp app;

  @BeforeAll
  static void start() {
    Chromium.requireInstalled();
    app = RunningApp.start(broker, db, Set.of(ADMIN));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void an_admin_sees_the_graph_and_a_real_dead_letter_with_its_cause_and_replays_it()
      throws Exception {
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(ADMIN);
      browser.go("/ops");
      wait(browser, Duration.ofSeconds(15))
          .until(d -> !d.findElements(By.cssSelector("#graph g.node[data-id='store']")).isEmpty());
      assertFalse(
          browser.driver().findElements(By.cssSelector("#graph g.edge[data-kind='rpc']")).isEmpty(),
          "rpc edges drawn");
      assertFalse(
          browser
              .driver()
              .findElements(By.cssSelector("#scaling tr[data-service='store']"))
              .isEmpty(),
          "scaling hint for store");

      // The fault: store's database refuses this post, so the command fails on every attempt.
      sql("ALTER TABLE store.posts ADD CONSTRAINT no_poison CHECK (text NOT LIKE '%poison%')");
      String text = "a poison pill for the store";
      Api api = new Api(app.baseUrl());
      String token =
          api.send(
                  "POST",
                  "/api/v1/sessions",
                  Map.of("username", ADMIN, "password", Browser.PASSWORD),
                  null)
              .body()
              .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      String postId = api.post(token, text);

      // The table is drawn again at every poll: ask the page, not a kept element.
      wait(browser, DEAD_LETTERED)
          .until(
              d ->
                  Boolean.TRUE.equals(
                      browser.script(
                          "const r = document.querySelector(\"#dlqs tr[data-queue='"
                              + DLQ
                              + "']\"); return !!r && r.cells[1].textContent === '1';")));
      // The command edge into store turns red while its dead-letter queue holds the message.
      wait(browser, Duration.ofSeconds(10))
          .until(
              d ->
                  !d.findElements(
                          By.cssSelector(
                              "#graph g.edge.failing[data-from='web'][data-kind='command']"))
                      .isEmpty());
      browser.script(
          "document.querySelector(\"#dlqs tr[data-queue='" + DLQ + "'] button\").click()");
      WebElement letter =
          wait(browser, Duration.ofSeconds(10))
              .until(
                  d ->
                      d.findElements(By.cssSelector("#letters li[data-id]")).stream()
                          .findFirst()
                          .orElse(null));
      assertEquals("failed", letter.findElement(By.className("letter-cause")).getText());
      String error = letter.findElement(By.className("letter-error")).getText();
      assertTrue(error.contains("no_poison"), error);
      letter.findElement(By.tagName("summary")).click();
      String body = letter.findElement(By.className("letter-body")).getText();
      assertTrue(body.contains(text), body);
      assertTrue(
          browser
              .driver()
              .findElement(By.cssSelector("#groups tbody"))
              .getText()
              .contains("store.create-post"));
      tall(browser, "ops-dead-letter");

      // The fault is fixed; replay shows the plan first and moves nothing until confirmed.
      sql("ALTER TABLE store.posts DROP CONSTRAINT no_poison");
      letter.findElement(By.xpath(".//button[text()='Replay…']")).click();
      browser.waitUntilVisible("confirm");
      String plan = browser.text("confirm-plan");
      assertTrue(plan.contains("exchange warren.commands, key store.create-post"), plan);
      assertEquals(1, broker.queueDepth(DLQ), "the dry run moved nothing");
      tall(browser, "ops-confirm");
      browser.click("confirm-yes");
      browser.waitForText("dlq-message", "Replayed 1 message(s).");
      wait(browser, Duration.ofSeconds(10))
          .until(d -> d.findElements(By.cssSelector("#letters li[data-id]")).isEmpty());
      assertTrue(browser.visible("letters-empty"));
      assertEquals(
          200,
          api.send("GET", "/api/v1/posts/" + postId, null, null).statusCode(),
          "the replayed post is stored");
      tall(browser, "ops-replayed");

      // Garbage cannot be fixed: it is discarded, again only after a confirmation.
      broker.publishRaw(
          "warren.commands",
          "store.create-post",
          "{garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          Map.of());
      // Refreshes the list until the letter shows; the list is drawn anew each time, so the
      // page is asked by script rather than through kept elements.
      String garbageId =
          new WebDriverWait(browser.driver(), Duration.ofSeconds(15), Duration.ofMillis(500))
              .until(
                  d ->
                      (String)
                          browser.script(
                              "const li = [...document.querySelectorAll('#letters li[data-id]')]"
                                  + ".find(l => l.textContent.includes('unreadable'));"
                                  + " if (!li) { document.getElementById('dlq-refresh').click();"
                                  + " return null; } return li.dataset.id;"));
      browser.script(
          "[...document.querySelectorAll(\"#letters li[data-id='\" + arguments[0] + \"'] button\")]"
              + ".find(b => b.textContent === 'Discard…').click()",
          garbageId);
      browser.waitUntilVisible("confirm");
      assertTrue(browser.text("confirm-title").startsWith("Discard for good?"));
      assertEquals(1, broker.queueDepth(DLQ), "nothing is discarded before the confirmation");
      browser.click("confirm-yes");
      browser.waitForText("dlq-message", "Discarded 1 message(s).");
      wait(browser, Duration.ofSeconds(10))
          .until(d -> d.findElements(By.cssSelector("#letters li[data-id]")).isEmpty());
      assertEquals(0, broker.queueDepth(DLQ));
      assertEquals(List.of(), browser.scriptErrors());
    }
  }

  @Test
  void someone_who_is_not_an_admin_gets_no_ops_page() {
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp("notadmin");
      browser.go("/ops");
      assertTrue(browser.driver().getPageSource().contains("forbidden"));
      assertTrue(browser.driver().findElements(By.linkText("Ops")).isEmpty());
    }
  }

  private static WebDriverWait wait(Browser browser, Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser.driver(), timeout, Duration.ofMillis(100));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** A screenshot of the whole page, however long. */
  private static void tall(Browser browser, String name) {
    long height = (Long) browser.script("return document.documentElement.scrollHeight");
    browser
        .driver()
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", 1100, "height", height, "deviceScaleFactor", 1, "mobile", false));
    browser.screenshot(name);
    browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
