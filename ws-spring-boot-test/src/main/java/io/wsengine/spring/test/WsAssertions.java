package io.wsengine.spring.test;

/** Entry point of the test client's AssertJ assertions: {@code WsAssertions.assertThat(session).receivesText("hi")}. */
public final class WsAssertions {
    private WsAssertions() {
    }

    public static WsTestSessionAssert assertThat(WsTestSession session) {
        return new WsTestSessionAssert(session);
    }
}
