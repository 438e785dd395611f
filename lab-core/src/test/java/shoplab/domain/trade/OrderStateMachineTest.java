package shoplab.domain.trade;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static shoplab.domain.trade.OrderStatus.*;

class OrderStateMachineTest {

    private static final Set<String> ALLOWED = Set.of(
            "CREATED->PAYING", "CREATED->CANCELLED", "CREATED->CLOSED",
            "PAYING->PAID", "PAYING->CANCELLED", "PAYING->CLOSED",
            "PAID->SHIPPED", "PAID->REFUNDED", "SHIPPED->REFUNDED");

    @Test
    void allowsExactlyTheTable() {
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean expected = ALLOWED.contains(from + "->" + to);
                assertThat(OrderStateMachine.allowed(from, to)).as(from + "->" + to).isEqualTo(expected);
                if (expected) {
                    assertThat(OrderStateMachine.transition(from, to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> OrderStateMachine.transition(from, to))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessage("order cannot go from " + from + " to " + to);
                }
            }
        }
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (OrderStatus terminal : EnumSet.of(CANCELLED, CLOSED, REFUNDED)) {
            assertThat(OrderStateMachine.terminal(terminal)).isTrue();
            assertThat(OrderStateMachine.next(terminal)).isEmpty();
            for (OrderStatus to : OrderStatus.values()) {
                assertThat(OrderStateMachine.allowed(terminal, to)).isFalse();
            }
        }
        assertThat(EnumSet.allOf(OrderStatus.class).stream().filter(OrderStateMachine::terminal))
                .containsExactlyInAnyOrder(CANCELLED, CLOSED, REFUNDED);
    }

    @Test
    void illegalMovesThrowInBusinessTerms() {
        assertThatThrownBy(() -> OrderStateMachine.transition(PAID, PAYING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("order cannot go from PAID to PAYING");
        assertThatThrownBy(() -> OrderStateMachine.transition(CLOSED, PAID))
                .hasMessage("order cannot go from CLOSED to PAID");
        assertThatThrownBy(() -> OrderStateMachine.transition(CREATED, SHIPPED))
                .hasMessage("order cannot go from CREATED to SHIPPED");
        assertThatThrownBy(() -> OrderStateMachine.transition(PAID, PAID))
                .hasMessage("order cannot go from PAID to PAID");
        IllegalTransitionException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalTransitionException.class, () -> OrderStateMachine.transition(REFUNDED, PAID));
        assertThat(e.from()).isEqualTo(REFUNDED);
        assertThat(e.to()).isEqualTo(PAID);
    }
}
