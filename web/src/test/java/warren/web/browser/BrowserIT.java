package warren.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import warren.testkit.Conditions;
import warren.testkit.IsolatedVhost;
import warren.testkit.TestDatabase;

/**
 * Warren's pages in headless Chromium against the real app: web, auth, store and notify in this JVM
 * on a vhost and a database of their own. Each test uses new users, so tests do not depend on each
 * other's order.
 */
class BrowserIT {
  @RegisterExtension static final IsolatedVhost broker = new IsolatedVhost();
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  /** The promise for a followed user's post to show up on an open page. */
  static final Duration LIVE = Duration.ofSeconds(2);

  private static final AtomicInteger names = new AtomicInteger();
  private static RunningApp app;
  private static Api api;

  @BeforeAll
  static void start() {
    Chromium.requireInstalled();
    app = RunningApp.start(broker, db);
    api = new Api(app.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static String name(String prefix) {
    return prefix + "_" + names.incrementAndGet();
  }

  @Test
  void a_new_user_signs_up_follows_someone_and_sees_their_post_appear_live() {
    String ada = name("ada");
    String bob = name("bob");
    try (Browser adaBrowser = Browser.open(app.baseUrl());
        Browser bobBrowser = Browser.open(app.baseUrl())) {
      adaBrowser.go("/");
      adaBrowser.waitUntilVisible("signup");
      adaBrowser.screenshot("home-anonymous");
      bobBrowser.signUp(bob);
      adaBrowser.signUp(ada);

      adaBrowser.follow(bob);
      adaBrowser.waitForText("count-followers", "1");
      adaBrowser.screenshot("user-page");

      adaBrowser.go("/");
      adaBrowser.waitForHome(ada);
      waitForLiveStreams(1);
      // Marks this page: a reload would lose the mark.
      adaBrowser.script("window.loadedOnce = 'yes'");

      // The follow reaches notify by its own queue; the first post shows when it has.
      bobBrowser.post("first post from " + bob);
      adaBrowser.waitForPost("first post from " + bob, Browser.WAIT);

      String text = "hello " + ada + ", live";
      long start = System.nanoTime();
      bobBrowser.post(text);
      adaBrowser.waitForPost(text, LIVE);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println(
          "live post: clicked Post in one browser, shown in the other after " + millis + " ms");

      assertEquals("yes", adaBrowser.script("return window.loadedOnce"), "the page was reloaded");
      assertEquals(text, adaBrowser.posts().get(0), "the newest post is on top");
      adaBrowser.screenshot("home-timeline");
      assertEquals(List.of(), adaBrowser.scriptErrors());
      assertEquals(List.of(), bobBrowser.scriptErrors());
    }
  }

  @Test
  void a_post_of_markup_is_shown_as_its_characters_and_runs_nothing() {
    String eve = name("eve");
    String script = "<script>alert(1)</script>";
    String image = "<img src=x onerror=\"document.title='pwned'\">";
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(eve);
      browser.post(script).waitForPost(script, Browser.WAIT);
      browser.post(image).waitForPost(image, Browser.WAIT);

      // Shown again from the server, not just from what the page kept after posting.
      browser.go("/").waitForHome(eve);
      browser.waitForPost(script, Browser.WAIT).waitForPost(image, Browser.WAIT);
      browser.screenshot("home-markup-posts");
      browser.go("/u/" + eve);
      browser.waitForPost(script, Browser.WAIT);
      // PostgreSQL's text search reads <script>...</script> as a tag and indexes nothing of
      // it, so the search goes by a word around it.
      String findable = "probe_" + eve + " " + script;
      browser.go("/").waitForHome(eve);
      browser.post(findable).waitForPost(findable, Browser.WAIT);
      browser.go("/search?q=probe_" + eve);
      browser.waitForPost(findable, Browser.WAIT);

      assertFalse(browser.alertShown(), "an alert opened");
      assertFalse(browser.driver().getTitle().contains("pwned"), "the onerror handler ran");
      Object markupElements =
          browser.script(
              "return document.querySelectorAll('.post-text script, .post-text img').length");
      assertEquals(0L, markupElements, "post text became elements");
      assertEquals(List.of(), browser.scriptErrors());
    }
  }

  @Test
  void a_form_posted_from_another_origin_is_refused_and_posts_nothing() throws Exception {
    String mallory = name("victim");
    try (Browser browser = Browser.open(app.baseUrl());
        OtherOrigin site = OtherOrigin.start(app.baseUrl(), "posted by another site")) {
      browser.signUp(mallory);
      browser.go(site.attackUrl());
      // The form lands on web's answer: refused for lack of proof of coming from Warren's pages
      // (403, not 401: the session cookie was sent, same-site, and still did not count).
      browser.waitUntil(d -> d.getPageSource().contains("csrf_rejected"));

      // A post from the page itself goes through, and after it there is still only that one.
      browser.go("/").waitForHome(mallory);
      browser.post("posted from warren").waitForPost("posted from warren", Browser.WAIT);
      browser.go("/u/" + mallory).waitForPost("posted from warren", Browser.WAIT);
      assertEquals(List.of("posted from warren"), api.postsOf(mallory));
    }
  }

  @Test
  void a_post_over_141_characters_is_prevented_with_a_message() {
    String cat = name("cat");
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(cat);
      assertEquals("141 characters left", browser.text("post-count"));

      browser.fillPostBox("x".repeat(142));
      assertEquals("1 character too many", browser.text("post-count"));
      browser.click("post-submit");
      browser.waitForText("post-error", "Posts are at most 141 characters; this one has 142.");
      browser.screenshot("post-too-long");

      // Emoji count as one each, as the server counts code points: 141 of them fit.
      String emoji = "\uD83D\uDE00".repeat(141);
      browser.fillPostBox(emoji);
      assertEquals("0 characters left", browser.text("post-count"));
      assertFalse(browser.visible("post-error"), "the message stays after shortening");
      browser.click("post-submit");
      browser.waitForPost(emoji, Browser.WAIT);
      browser.go("/u/" + cat).waitForPost(emoji, Browser.WAIT);
      assertEquals(List.of(emoji), api.postsOf(cat), "only the post that fits was sent");
    }
  }

  @Test
  void search_finds_a_post_by_its_words() {
    String dan = name("dan");
    String token = api.signUp(dan);
    api.post(token, "nothing to see here");
    api.post(token, "the quokka " + dan + " smiles");
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.go("/");
      WebElement search = browser.driver().findElement(By.id("site-q"));
      search.sendKeys("quokka " + dan, Keys.ENTER);
      browser.waitForPost("the quokka " + dan + " smiles", Browser.WAIT);
      assertTrue(browser.driver().getCurrentUrl().contains("/search?q=quokka"));
      assertEquals(List.of("the quokka " + dan + " smiles"), browser.posts());
      browser.screenshot("search");
    }
  }

  @Test
  void load_more_pages_through_the_whole_timeline() {
    String fay = name("fay");
    String token = api.signUp(fay);
    int total = 45; // two full pages of 20 and a last one of 5
    for (int i = 1; i <= total; i++) {
      api.post(token, "post number " + i);
    }
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.logIn(fay);
      browser.waitForPost("post number 45", Browser.WAIT);
      assertEquals(20, browser.posts().size());
      browser.click("timeline-more");
      browser.waitForPost("post number 6", Browser.WAIT);
      assertEquals(40, browser.posts().size());
      browser.click("timeline-more");
      browser.waitForPost("post number 1", Browser.WAIT);
      List<String> shown = browser.posts();
      assertEquals(total, shown.size());
      for (int i = 0; i < total; i++) {
        assertEquals("post number " + (total - i), shown.get(i), "newest first, no gaps");
      }
      browser.waitUntil(d -> !browser.visible("timeline-more"));
    }
  }

  @Test
  void the_page_says_when_live_updates_drop_and_when_they_are_back() {
    String gil = name("gil");
    String hal = name("hal");
    String halToken = api.signUp(hal);
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(gil);
      browser.follow(hal);
      browser.waitForText("count-followers", "1");
      browser.go("/").waitForHome(gil);
      waitForLiveStreams(1);
      assertFalse(browser.visible("live"), "a notice before anything happened");

      app.stopWeb();
      try {
        browser.waitForText("live", "Live updates lost");
        browser.screenshot("live-lost");
      } finally {
        app.startWeb();
      }
      browser.waitForText("live", "Live updates are back.");
      browser.screenshot("live-back");

      // And live again for real: a post from someone followed arrives without reload.
      api.post(halToken, "after the outage, from " + hal);
      browser.waitForPost("after the outage, from " + hal, Browser.WAIT);
    }
  }

  @Test
  void posting_while_web_has_lost_the_broker_says_so_keeps_the_text_and_posts_once_on_retry() {
    String lou = name("lou");
    String nat = name("nat");
    String natToken = api.signUp(nat);
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(lou);
      browser.follow(nat);
      browser.go("/").waitForHome(lou);
      waitForLiveStreams(1);

      app.cutWebFromBroker();
      browser.post("written during the outage");
      browser.waitUntilVisible("post-error");
      String message = browser.text("post-error");
      System.out.println("post while web has no broker: " + message);
      assertEquals(
          "written during the outage",
          browser.driver().findElement(By.id("post-text")).getDomProperty("value"),
          "the text is kept for another try");

      Conditions.waitUntil(Duration.ofSeconds(30), app::webReady, "web reconnected");
      browser.click("post-submit");
      browser.waitForPost("written during the outage", Browser.WAIT);
      assertFalse(browser.visible("post-error"));
      Conditions.waitUntil(
          Browser.WAIT, () -> api.postsOf(lou).contains("written during the outage"), "stored");
      assertEquals(List.of("written during the outage"), api.postsOf(lou));

      // Live updates work again after web's reconnection.
      api.post(natToken, "after web reconnected, from " + nat);
      browser.waitForPost("after web reconnected, from " + nat, Browser.WAIT);
    }
  }

  @Test
  void sign_up_and_log_in_say_what_went_wrong() {
    String taken = name("taken");
    api.signUp(taken);
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.go("/");
      browser.waitUntilVisible("signup");
      browser.type(By.id("signup-username"), "No Spaces!");
      browser.type(By.id("signup-password"), Browser.PASSWORD);
      browser.click("signup-submit");
      browser.waitForText("signup-error", "3 to 20 characters");

      browser.type(By.id("signup-username"), taken);
      browser.click("signup-submit");
      browser.waitForText("signup-error", "The username '" + taken + "' is taken");

      browser.type(By.id("login-username"), taken);
      browser.type(By.id("login-password"), "not the password");
      browser.click("login-submit");
      browser.waitForText("login-error", "Unknown username or wrong password");
      assertTrue(browser.visible("login"), "still on the forms");
      browser.screenshot("login-error");
    }
  }

  @Test
  void log_out_ends_the_session_and_shows_the_forms_again() {
    String ivy = name("ivy");
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.signUp(ivy);
      browser.click("logout");
      browser.waitUntilVisible("signup");
      assertFalse(browser.visible("home"));
      browser.go("/u/" + ivy);
      browser.waitUntilVisible("follow-login");
    }
  }

  @Test
  void the_forms_and_the_post_box_work_from_the_keyboard() {
    String jo = name("jo");
    api.signUp(jo);
    try (Browser browser = Browser.open(app.baseUrl())) {
      browser.go("/");
      browser.waitUntilVisible("login");
      WebElement username = browser.driver().findElement(By.id("login-username"));
      // Labels name every field, for screen readers and for clicking the label.
      for (String id :
          List.of("signup-username", "signup-password", "login-username", "login-password")) {
        assertFalse(
            browser.driver().findElements(By.cssSelector("label[for='" + id + "']")).isEmpty(),
            "no label for " + id);
      }
      username.sendKeys(jo, Keys.TAB, Browser.PASSWORD, Keys.ENTER);
      browser.waitForHome(jo);
      assertEquals(
          1, browser.driver().findElements(By.cssSelector("label[for='post-text']")).size());
      // Tab from the top of the page to the post box: search, own page, log out, then the box.
      WebElement box = null;
      for (int presses = 0; presses < 10 && box == null; presses++) {
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.driver().switchTo().activeElement();
        if ("post-text".equals(focused.getAttribute("id"))) {
          box = focused;
        }
      }
      assertTrue(box != null, "the post box cannot be reached with Tab");
      box.sendKeys("posted with ctrl+enter");
      box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
      browser.waitForPost("posted with ctrl+enter", Browser.WAIT);
    }
  }

  @Test
  void the_pages_fit_a_phone_screen() {
    String kim = name("kim");
    String token = api.signUp(kim);
    api.post(token, "a_long_word_without_spaces_".repeat(5));
    try (Browser phone = Browser.phone(app.baseUrl())) {
      phone.go("/");
      phone.waitUntilVisible("signup");
      assertNoSidewaysScroll(phone);
      phone.screenshot("phone-home-anonymous");
      phone.logIn(kim);
      phone.waitForPost("a_long_word_without_spaces_".repeat(5), Browser.WAIT);
      assertNoSidewaysScroll(phone);
      phone.screenshot("phone-home");
      phone.go("/u/" + kim).waitForPost("a_long_word_without_spaces_".repeat(5), Browser.WAIT);
      assertNoSidewaysScroll(phone);
      phone.screenshot("phone-user-page");
      assertEquals(List.of(), phone.scriptErrors());
    }
  }

  @Test
  void webhooks_are_added_listed_with_their_deliveries_and_removed_from_the_page()
      throws Exception {
    String lea = name("lea");
    String max = name("max");
    String maxToken = api.signUp(max);
    try (Browser browser = Browser.open(app.baseUrl());
        HookReceiver hook = HookReceiver.start()) {
      browser.signUp(lea);
      browser.follow(max);
      browser.go("/").waitForHome(lea);
      browser.driver().findElement(By.cssSelector("#webhooks summary")).click();
      browser.waitUntilVisible("webhook-empty");

      browser.type(By.id("webhook-url"), "ftp://example.org/hook");
      browser.driver().findElement(By.cssSelector("#webhook-form button")).click();
      browser.waitForText("webhook-error", "absolute http:// or https:// URL");

      browser.type(By.id("webhook-url"), hook.url());
      browser.driver().findElement(By.cssSelector("#webhook-form button")).click();
      browser.waitForText("webhook-list", hook.url());
      assertFalse(browser.visible("webhook-error"));

      api.post(maxToken, "for the hook of " + lea);
      Conditions.waitUntil(
          Duration.ofSeconds(15), () -> hook.received("for the hook of " + lea), "delivery");
      // The counts are read when the section opens: reopen until the delivery is counted.
      browser.waitUntil(
          d -> {
            browser.driver().findElement(By.cssSelector("#webhooks summary")).click();
            browser.driver().findElement(By.cssSelector("#webhooks summary")).click();
            return browser.text("webhook-list").contains(hook.url() + " 1 0");
          });
      browser.screenshot("webhooks");

      // The list may still be re-rendering from the last reopen: find the button afresh.
      browser.waitUntil(
          d -> {
            try {
              d.findElement(
                      By.cssSelector(
                          "#webhook-list button[aria-label='Remove webhook " + hook.url() + "']"))
                  .click();
              return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
              return false;
            }
          });
      browser.waitUntilVisible("webhook-empty");
      assertEquals("", browser.text("webhook-list"));
    }
  }

  private static void assertNoSidewaysScroll(Browser browser) {
    Object fits =
        browser.script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth");
    assertEquals(Boolean.TRUE, fits, "the page scrolls sideways at phone width");
  }

  private static void waitForLiveStreams(int atLeast) {
    Conditions.waitUntil(
        Browser.WAIT, () -> app.openStreams() >= atLeast, atLeast + " live stream(s) open on web");
  }
}
