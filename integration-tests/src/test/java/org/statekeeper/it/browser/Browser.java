package org.statekeeper.it.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through WebDriver: Debian's {@code chromium} and {@code chromedriver}
 * (or those named by {@code -Dstatekeeper.chromium} / {@code -Dstatekeeper.chromedriver}); nothing is
 * ever downloaded. On a machine without them a browser suite is reported skipped with the command that
 * installs them.
 */
public final class Browser implements AutoCloseable {

    /** The line that makes the browser suites run on a Debian machine. */
    public static final String ENABLE = "apt-get install -y chromium chromium-driver";

    private static final Path CHROMIUM = Path.of(System.getProperty("statekeeper.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("statekeeper.chromedriver", "/usr/bin/chromedriver"));

    private final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test (with the line that enables it) unless Chromium and its driver are installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "SKIPPED: no " + CHROMIUM + " or " + DRIVER + "; to run the browser suites: " + ENABLE);
    }

    /** Starts a new headless browser with a window of the given size. */
    public static Browser open(int width, int height) {
        assumeInstalled();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + width + "," + height, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** The WebDriver, for finding elements and clicking. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads a page. */
    public Browser go(String url) {
        driver.get(url);
        return this;
    }

    /** Runs a script in the page and returns its result. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits up to {@code timeout} for {@code condition} to return a non-null, non-false value, and returns it. */
    public <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
    }

    /**
     * Saves a PNG of the whole page from its top: the window is made as tall as the page (at most
     * {@code maxHeight} pixels) first.
     */
    public void pageScreenshot(Path file, int maxHeight) throws java.io.IOException {
        long height = ((Number) script("window.scrollTo(0, 0); return document.documentElement.scrollHeight;")).longValue();
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(),
                (int) Math.min(maxHeight, height + (size.getHeight() - ((Number) script("return window.innerHeight;")).intValue()))));
        screenshot(file);
    }

    /** Saves a PNG of the page as it is. */
    public void screenshot(Path file) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
