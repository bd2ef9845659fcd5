package warren.web.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts Debian's headless Chromium through Debian's chromedriver: both paths are given, so
 * Selenium Manager never looks for (or downloads) a browser or a driver. Every browser gets a fresh
 * profile directory, removed on {@link Browser#close()}.
 *
 * <p>When Chromium is missing the browser tests fail, saying how to install it; a developer without
 * it may set {@value #SKIP_VARIABLE}=true to skip them instead, which CI ({@code CI=true}) ignores.
 */
final class Chromium {
  static final String SKIP_VARIABLE = "WARREN_SKIP_BROWSER_TESTS";
  static final Path BINARY =
      Path.of(System.getenv().getOrDefault("WARREN_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("WARREN_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** Fails (or, locally and when asked to, skips) unless Chromium and chromedriver are there. */
  static void requireInstalled() {
    if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
      return;
    }
    String problem =
        "browser tests need "
            + BINARY
            + " and "
            + DRIVER
            + ": install them with `apt-get install -y chromium chromium-driver` (.ci/run does),"
            + " or point WARREN_CHROMIUM / WARREN_CHROMEDRIVER at them";
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci && "true".equalsIgnoreCase(System.getenv(SKIP_VARIABLE))) {
      Assumptions.abort(problem + " (skipped: " + SKIP_VARIABLE + "=true)");
    }
    throw new AssertionError(problem);
  }

  /** A new headless browser with a window of the given size in CSS pixels. */
  static ChromeDriver start(int width, int height) {
    requireInstalled();
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("warren-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a Chromium profile directory: " + e, e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    // Keeps the console, so tests can see script errors and CSP violations.
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      return new ProfiledDriver(service, options, profile);
    } catch (RuntimeException e) {
      delete(profile);
      throw e;
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Chromium may still be writing a lock file; the temp dir is cleaned later.
                }
              });
    } catch (IOException e) {
      // Nothing to delete.
    }
  }

  /** A ChromeDriver that removes its profile directory when it quits. */
  private static final class ProfiledDriver extends ChromeDriver {
    private final Path profile;

    ProfiledDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
      super(service, options);
      this.profile = profile;
    }

    @Override
    public void quit() {
      try {
        super.quit();
      } finally {
        delete(profile);
      }
    }
  }
}
