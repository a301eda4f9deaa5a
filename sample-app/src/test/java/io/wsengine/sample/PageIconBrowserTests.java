package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The page has an icon: the browser's request for one is not answered 404, and the console stays clean. */
class PageIconBrowserTests extends BrowserTestSupport {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void browserFindsThePagesIconAndLogsNoErrorWhileChatting() throws Exception {
        ChatPage ada = page().join("Ada", "icons-" + suffix());

        // the browser asks for an icon by itself, once the page has loaded
        await("the browser's request for an icon").atMost(ChatPage.WAIT)
                .until(() -> servedRequests.all().stream().anyMatch(served -> served.path().startsWith("/favicon")));
        // a round trip after that answer: a failed load would be in the console by now
        ada.send("is the icon there?");
        ada.waitForMessage("Ada", "is the icon there?");

        assertThat(servedRequests.all()).as("what the web server answered the page").isNotEmpty()
                .allSatisfy(served -> assertThat(served.status()).as("%s", served).isEqualTo(200));
        assertThat(ada.consoleErrors()).as("errors in the browser's console").isEmpty();
        String linked = ada.driver.findElement(By.cssSelector("link[rel='icon'][type='image/svg+xml']")).getDomProperty("href");
        assertThat(status(URI.create(linked))).as("GET %s", linked).isEqualTo(200);
        // for browsers and tools that ask for it without reading the page
        assertThat(status(URI.create("http://127.0.0.1:" + webPort + "/favicon.ico"))).isEqualTo(200);
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
