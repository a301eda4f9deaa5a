package io.wsengine.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in one browser, with bounded waits for what the user would see. What is shown is
 * read with one script call per look, to keep the round trips to the browser few on a busy machine.
 */
final class ChatPage {
    static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver driver;

    private ChatPage(WebDriver driver) {
        this.driver = driver;
    }

    /** Opens the page and waits until it has its configuration (where its WebSocket goes) from the web server. */
    static ChatPage open(WebDriver driver, int webPort) {
        return open(driver, "http://127.0.0.1:" + webPort + "/");
    }

    /** Opens the page at this address, such as {@code https://127.0.0.1:8443/}, and waits for its configuration. */
    static ChatPage open(WebDriver driver, String url) {
        driver.get(url);
        ChatPage page = new ChatPage(driver);
        page.waitUpTo(WAIT).withMessage("the page's configuration from /api/config")
                .until(d -> (Boolean) page.script("return typeof state !== 'undefined' && state.config !== null"));
        return page;
    }

    /** A new wait (a wait keeps the message it was given). */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    /** Fills in the lobby form and submits it; does not wait for the outcome. */
    ChatPage submitJoin(String nickname, String room) {
        WebElement nicknameInput = driver.findElement(By.id("nickname"));
        nicknameInput.clear();
        nicknameInput.sendKeys(nickname);
        WebElement roomInput = driver.findElement(By.id("room-name"));
        roomInput.clear();
        roomInput.sendKeys(room);
        driver.findElement(By.id("join-button")).click();
        return this;
    }

    /** Joins and waits until the room is shown and the connection is open. */
    ChatPage join(String nickname, String room) {
        submitJoin(nickname, room);
        waitForState("open");
        waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.id("current-room"), room));
        return this;
    }

    /** Types the message and sends it; waits until the page has taken it (the input is emptied). */
    ChatPage send(String text) {
        WebElement input = driver.findElement(By.id("message-input"));
        input.sendKeys(text);
        driver.findElement(By.id("send-button")).click();
        waitUpTo(WAIT).withMessage("the message input emptied by sending")
                .until(d -> input.getDomProperty("value").isEmpty());
        return this;
    }

    /** Puts the text into the message box at once, as a paste does. */
    ChatPage pasteMessage(String text) {
        ((JavascriptExecutor) driver).executeScript("const input = document.getElementById('message-input');"
                + "input.value = arguments[0]; input.dispatchEvent(new Event('input', { bubbles: true }));", text);
        return this;
    }

    /** Types keys into the message box, after what it holds. */
    ChatPage typeInMessage(CharSequence... keys) {
        driver.findElement(By.id("message-input")).sendKeys(keys);
        return this;
    }

    /** Clicks Send and waits until the page has taken the message (the box is emptied). */
    ChatPage clickSend() {
        WebElement input = driver.findElement(By.id("message-input"));
        driver.findElement(By.id("send-button")).click();
        waitUpTo(WAIT).withMessage("the message input emptied by sending")
                .until(d -> input.getDomProperty("value").isEmpty());
        return this;
    }

    @SuppressWarnings("unchecked")
    MessageBox messageBox() {
        return MessageBox.from((Map<String, Object>) script(MessageBox.SCRIPT));
    }

    ChatPage waitForState(String state) {
        return waitForState(state, WAIT);
    }

    /** Waits for {@code #status[data-state]}: idle, connecting, open or closed. */
    ChatPage waitForState(String state, Duration timeout) {
        waitUpTo(timeout).withMessage(() -> "status " + state + ", shown: " + state())
                .until(d -> state.equals(state()));
        return this;
    }

    String statusText() {
        return (String) script("return document.getElementById('status-text').textContent");
    }

    /** From now on, every text the connection status shows is kept, for {@link #statusTexts()}. */
    ChatPage recordStatusTexts() {
        script("const text = document.getElementById('status-text'); window.statusTexts = [text.textContent];"
                + "new MutationObserver(() => window.statusTexts.push(text.textContent))"
                + ".observe(text, { childList: true, characterData: true, subtree: true });");
        return this;
    }

    List<String> statusTexts() {
        return texts("window.statusTexts");
    }

    boolean retryOffered() {
        return driver.findElement(By.id("retry-button")).isDisplayed();
    }

    void clickRetry() {
        driver.findElement(By.id("retry-button")).click();
    }

    /** Connection attempts that failed in a row, so far. */
    long failedAttempts() {
        return (Long) script("return state.retries");
    }

    /** When the page will try to connect again by itself, on the browser's clock; null when it is not waiting. */
    Long reconnectDueAt() {
        Number due = (Number) script("return state.reconnectAt");
        return due == null ? null : due.longValue();
    }

    long browserNow() {
        return (Long) script("return Date.now()");
    }

    /** What the browser's console got at level SEVERE (errors, failed loads) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    /** {@return the extensions the page's WebSocket agreed to, as {@code WebSocket.extensions} says} */
    String extensions() {
        return (String) script("return document.getElementById('status').dataset.extensions");
    }

    String state() {
        return (String) script("return document.getElementById('status').dataset.state");
    }

    /** Waits until the conversation shows this message from this author; returns its element. */
    WebElement waitForMessage(String author, String text) {
        String shown = author + ": " + text;
        waitUpTo(WAIT).withMessage(() -> "message " + shown + ", shown: " + messages())
                .until(d -> messages().contains(shown));
        return messageElements().get(messages().indexOf(shown));
    }

    /** Waits until a system line (join/leave notice) starts with this text. */
    void waitForSystemLine(String start) {
        waitUpTo(WAIT).withMessage(() -> "a system line starting with " + start + ", shown: " + systemLines())
                .until(d -> systemLines().stream().anyMatch(line -> line.startsWith(start)));
    }

    /** Waits until the member list shows exactly these nicknames, in any order. */
    void waitForMembers(String... members) {
        List<String> expected = List.of(members).stream().sorted().toList();
        waitUpTo(WAIT).withMessage(() -> "members " + expected + ", shown: " + members())
                .until(d -> members().stream().sorted().toList().equals(expected));
    }

    /** Sets the viewport's size (before or after joining); the page lays itself out anew. */
    ChatPage emulate(Viewport viewport) {
        viewport.applyTo(driver);
        return this;
    }

    @SuppressWarnings("unchecked")
    PageLayout layout() {
        return PageLayout.from((Map<String, Object>) script(PageLayout.SCRIPT));
    }

    List<WebElement> messageElements() {
        return driver.findElements(By.cssSelector("#messages li.message"));
    }

    /** "author: text" of every message shown, in order. */
    List<String> messages() {
        return texts("[...document.querySelectorAll('#messages li.message')]"
                + ".map(li => li.querySelector('.author').textContent + ': ' + li.querySelector('.text').textContent)");
    }

    List<String> systemLines() {
        return texts("[...document.querySelectorAll('#messages li.system')].map(li => li.textContent)");
    }

    /** Lines about the room itself (such as lost history), in order. */
    List<String> notices() {
        return texts("[...document.querySelectorAll('#messages li.notice')].map(li => li.textContent)");
    }

    List<String> members() {
        return texts("[...document.querySelectorAll('#members li')].map(li => li.textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String expression) {
        return (List<String>) script("return " + expression);
    }

    /** {@return the address of the page's current WebSocket, or null when it has none} */
    String socketUrl() {
        return (String) script("return state.socket && state.socket.url");
    }

    private Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
