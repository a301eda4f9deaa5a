package io.wsengine.spring.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.WsSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several call scopes nest: entered in order, exited in reverse, and none is left entered. */
class CallScopesTest {
    private final List<String> events = new ArrayList<>();

    /** Records its enter and exit; {@code failOn} makes that step throw. */
    private EndpointCallScope scope(String name, String failOn) {
        return new EndpointCallScope() {
            @Override
            public Object enter(WsSession session) {
                events.add("enter " + name);
                if ("enter".equals(failOn)) {
                    throw new IllegalStateException("enter " + name);
                }
                return "saved by " + name;
            }

            @Override
            public void exit(Object saved) {
                events.add("exit " + name + " with " + saved);
                if ("exit".equals(failOn)) {
                    throw new IllegalStateException("exit " + name);
                }
            }
        };
    }

    @Test
    void noScopeIsNoObjectAtAll() {
        assertThat(CallScopes.of(List.of())).isNull();
    }

    @Test
    void oneScopeIsUsedAsItIs() {
        EndpointCallScope only = scope("a", null);
        assertThat(CallScopes.of(List.of(only))).isSameAs(only);
    }

    @Test
    void scopesAreEnteredInOrderAndExitedInReverseEachWithWhatItSaved() {
        EndpointCallScope nested = CallScopes.of(List.of(scope("a", null), scope("b", null)));
        nested.exit(nested.enter(null));
        assertThat(events).containsExactly("enter a", "enter b", "exit b with saved by b", "exit a with saved by a");
    }

    @Test
    void aScopeThatFailsToEnterLeavesThoseBeforeItExited() {
        EndpointCallScope nested = CallScopes.of(List.of(scope("a", null), scope("b", "enter"), scope("c", null)));
        assertThatThrownBy(() -> nested.enter(null)).hasMessage("enter b");
        assertThat(events).containsExactly("enter a", "enter b", "exit a with saved by a");
    }

    @Test
    void aScopeThatFailsToExitDoesNotKeepTheOthersEntered() {
        EndpointCallScope nested = CallScopes.of(List.of(scope("a", null), scope("b", "exit")));
        Object saved = nested.enter(null);
        assertThatThrownBy(() -> nested.exit(saved)).hasMessage("exit b");
        assertThat(events).endsWith("exit b with saved by b", "exit a with saved by a");
    }
}
