package io.wsengine.sample;

import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

/**
 * The size of the page's viewport, set through the DevTools protocol: a headless window cannot be
 * made narrower than 500 px, and its window size is not its viewport's. A scale factor of 1 keeps
 * screenshots small.
 */
record Viewport(String name, int width, int height, boolean mobile) {
    static final Viewport PHONE = new Viewport("phone", 390, 844, true);
    static final Viewport DESKTOP = new Viewport("desktop", 1280, 800, false);

    void applyTo(WebDriver driver) {
        ((HasCdp) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    @Override
    public String toString() {
        return name + " " + width + "x" + height;
    }
}
