package org.qiao.conformance.support;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A real browser on the console: Debian's headless Chromium driven through its own chromedriver
 * (/usr/bin/chromedriver, so Selenium Manager downloads nothing). The test command (bin/test) installs both,
 * and fonts-noto-cjk so that hanzi render in screenshots.
 * Screenshots go to target/screenshots; with {@code -Dqiao.screenshots.dir=docs/console} (bin/screenshots) they
 * replace the committed ones, which an ordinary test run never touches.
 */
public final class Browser implements AutoCloseable {

    public final WebDriver driver;
    private final Engine engine;

    public Browser(Engine engine) throws Exception {
        this.engine = engine;
        var options = new ChromeOptions();
        options.setBinary(System.getProperty("qiao.chromium", "/usr/bin/chromium"));
        // the flags a root sandbox needs, and no background traffic to hosts this closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--lang=zh-CN",
                "--user-data-dir=" + Files.createTempDirectory("qiao-chromium"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("qiao.chromedriver", "/usr/bin/chromedriver")))
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public void open(String path) {
        driver.get(engine.url(path));
    }

    /** Signs in through the login form; waits for the first page after it. */
    public void signIn(String user) {
        open("/login");
        find(By.id("username")).sendKeys(user);
        find(By.id("password")).sendKeys(Engine.password(user));
        find(By.id("sign-in")).click();
        waitFor(By.id("signed-in"));
    }

    public void signOut() {
        find(By.id("sign-out")).click();
        waitFor(By.id("username"));
    }

    public WebElement find(By by) {
        return waitFor(by);
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until an element's text contains the given text (e.g. after an htmx swap). */
    public void waitForText(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Scrolls an element to the middle of the window at once (Bootstrap makes scrolling smooth) and clicks it. */
    public void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves a screenshot of the page as it is now under the screenshot folder; returns the file. */
    public Path screenshot(String name) throws Exception {
        var dir = Path.of(System.getProperty("qiao.screenshots.dir", "target/screenshots"));
        if (!dir.isAbsolute()) {
            dir = Engine.repo().resolve(dir.startsWith("target") ? Path.of("conformance-tests").resolve(dir) : dir);
        }
        Files.createDirectories(dir);
        var png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
        var target = dir.resolve(name + ".png");
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
