package io.wsengine.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Chromium sessions for one test: the browser and its driver are the ones found on the
 * {@code PATH} (Selenium Manager never runs, so nothing is downloaded); each browser gets a fresh
 * profile and resolves no host but 127.0.0.1. {@link #quitAll()} ends them all.
 */
final class Browsers {
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();
    private final List<String> extraArguments;

    Browsers() {
        this(List.of());
    }

    private Browsers(List<String> extraArguments) {
        this.extraArguments = extraArguments;
    }

    /** Browsers that accept any certificate, such as the sample's self-signed demo one, for the page and wss:// alike. */
    static Browsers ignoringCertificateErrors() {
        return new Browsers(List.of("--ignore-certificate-errors"));
    }

    /** Skips the test (an assumption) when Chromium or its driver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(chromium().isPresent(), "no chromium (or chromium-browser) on the PATH");
        Assumptions.assumeTrue(chromedriver().isPresent(), "no chromedriver on the PATH");
    }

    WebDriver open() {
        assumeInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("chat-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (profiles) {
            profiles.add(profile);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1200,800");
        options.addArguments(extraArguments);
        // the console's messages, failed loads included, for LogType.BROWSER
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        synchronized (drivers) {
            drivers.add(driver);
        }
        return driver;
    }

    /**
     * Starts browsers side by side (most of a start is waiting) and gives each to {@code setUp}, also
     * side by side; returns what it made of them, in order.
     */
    <T> List<T> open(int count, Function<WebDriver, T> setUp) {
        ExecutorService starters = Executors.newFixedThreadPool(count);
        try {
            List<Future<T>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                started.add(starters.submit(() -> setUp.apply(open())));
            }
            List<T> results = new ArrayList<>();
            Throwable failure = null;
            for (Future<T> future : started) { // every one, so that none is still starting after a failure
                try {
                    results.add(future.get(2, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (TimeoutException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new IllegalStateException("a browser did not start", failure);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while browsers were starting", e);
        } finally {
            starters.shutdown();
        }
    }

    /** Quits every browser this test opened. */
    void quitAll() {
        List<WebDriver> toQuit;
        synchronized (drivers) {
            toQuit = new ArrayList<>(drivers);
            drivers.clear();
        }
        RuntimeException failure = null;
        for (WebDriver driver : toQuit) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        synchronized (profiles) {
            profiles.forEach(Browsers::deleteQuietly);
            profiles.clear();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Optional<Path> chromium() {
        return onPath("chromium").or(() -> onPath("chromium-browser"));
    }

    private static Optional<Path> chromedriver() {
        return onPath("chromedriver");
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
