package warren.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser on Warren's pages: what they do (sign up, follow, post) and what they see
 * (the timeline, messages, the live notice), in the pages' own terms. Waits are conditions, never
 * sleeps.
 */
final class Browser implements AutoCloseable {
  static final String PASSWORD = "correct horse battery";
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final String baseUrl;

  private Browser(ChromeDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  /** A desktop-sized browser. */
  static Browser open(String baseUrl) {
    return new Browser(Chromium.start(1100, 900), baseUrl);
  }

  /**
   * A browser with a phone's screen, 390 by 844 CSS pixels (Chromium windows are at least 500 wide,
   * so the screen is emulated).
   */
  static Browser phone(String baseUrl) {
    ChromeDriver driver = Chromium.start(500, 900);
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    return new Browser(driver, baseUrl);
  }

  ChromeDriver driver() {
    return driver;
  }

  Browser go(String path) {
    driver.get(path.startsWith("http") ? path : baseUrl + path);
    return this;
  }

  /** Signs up through the form on {@code /} and waits for the logged-in home page. */
  Browser signUp(String username) {
    go("/");
    waitUntilVisible("signup");
    type(By.id("signup-username"), username);
    type(By.id("signup-password"), PASSWORD);
    driver.findElement(By.cssSelector("#signup button[type=submit]")).click();
    return waitForHome(username);
  }

  /** Logs in through the form on {@code /}. */
  Browser logIn(String username) {
    go("/");
    waitUntilVisible("login");
    type(By.id("login-username"), username);
    type(By.id("login-password"), PASSWORD);
    driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    return waitForHome(username);
  }

  Browser waitForHome(String username) {
    waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("post-text")));
    waitUntil(ExpectedConditions.textToBe(By.id("me"), "@" + username));
    return this;
  }

  /** Opens the user's page and presses Follow; waits until the page says it is done. */
  Browser follow(String username) {
    go("/u/" + username);
    waitUntil(ExpectedConditions.elementToBeClickable(By.id("follow")));
    click("follow");
    waitForText("follow-status", "You follow @" + username + ".");
    return this;
  }

  /** Types into the post box and presses Post. */
  Browser post(String text) {
    WebElement box = driver.findElement(By.id("post-text"));
    box.clear();
    box.sendKeys(text);
    driver.findElement(By.id("post-submit")).click();
    return this;
  }

  /**
   * Sets the post box's text as if typed, through script: chromedriver cannot type characters
   * outside the Basic Multilingual Plane, such as most emoji.
   */
  Browser fillPostBox(String text) {
    driver.executeScript(
        "const box = document.getElementById('post-text');"
            + "box.value = arguments[0];"
            + "box.dispatchEvent(new Event('input', {bubbles: true}));",
        text);
    return this;
  }

  /** Waits until a post with exactly this text is in the list on the page. */
  Browser waitForPost(String text, Duration timeout) {
    new WebDriverWait(driver, timeout, Duration.ofMillis(25))
        .withMessage(
            () -> "post '" + text + "' on " + driver.getCurrentUrl() + "; shown: " + posts())
        .until(d -> posts().contains(text));
    return this;
  }

  /** The texts of the posts listed on the page, top first. */
  @SuppressWarnings("unchecked")
  List<String> posts() {
    return (List<String>)
        driver.executeScript(
            "return Array.from(document.querySelectorAll('ol.posts .post-text'),"
                + " p => p.textContent);");
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  boolean visible(String id) {
    List<WebElement> found = driver.findElements(By.id(id));
    return !found.isEmpty() && found.get(0).isDisplayed();
  }

  void waitUntilVisible(String id) {
    waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  void waitForText(String id, String text) {
    waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
  }

  void click(String id) {
    driver.findElement(By.id(id)).click();
  }

  void type(By field, String text) {
    WebElement input = driver.findElement(field);
    input.clear();
    input.sendKeys(text);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  boolean alertShown() {
    try {
      driver.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  <T> T waitUntil(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
    // The pages re-render lists and sections while we look: an element found a moment ago may be
    // gone ("stale", or Chrome's "node does not belong to the document"); look again.
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(condition);
  }

  /** Saves a full-window screenshot as target/screenshots/{name}.png and returns its path. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          target,
          StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save screenshot " + name, e);
    }
  }

  /**
   * Errors the pages' scripts logged (a script that threw, a Content-Security-Policy violation);
   * failed requests are not counted, since an anonymous visit's {@code /api/v1/me} is a 401.
   */
  List<String> scriptErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("Failed to load resource"))
        .filter(message -> !message.contains("net::ERR_"))
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
