package io.wsengine.spring.test;

/** Entry point of the test client's AssertJ assertions: {@code WsAssertions.assertThat(session).receivesText("hi")}. */
public final class WsAssertions {
    private WsAssertions() {
    }

    /**
     * Starts assertions on what the session receives next.
     *
     * @param session the session under test
     * @return assertions to chain, each awaiting the next message or the close
     */
    public static WsTestSessionAssert assertThat(WsTestSession session) {
        return new WsTestSessionAssert(session);
    }
}
