package shoplab.services.common;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaceWindowTest {

    /** Rivals that reach the seam within the window wait for each other: all have read before any writes. */
    @Test
    void everyRivalWithinTheWindowGoesOnTogether() throws Exception {
        RaceWindow window = new RaceWindow(2_000);
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable rival = () -> {
            order.add("read");
            window.between("sku-1");
            order.add("write");
        };
        CompletableFuture<Void> first = CompletableFuture.runAsync(rival);
        for (int i = 0; i < 1000 && !window.holds("sku-1"); i++) {
            Thread.sleep(1);
        }
        assertThat(window.holds("sku-1")).as("the first rival opened the gate").isTrue();
        CompletableFuture<Void> second = CompletableFuture.runAsync(rival);
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(order).as("both read before either wrote").containsExactly("read", "read", "write", "write");
        assertThat(window.holds("sku-1")).isFalse();
    }

    @Test
    void aLoneRequestGoesOnAfterTheWindowAndAZeroWindowCostsNothing() {
        new RaceWindow(20).between("alone");
        RaceWindow.NONE.between("x");
        assertThat(RaceWindow.NONE.holds("x")).isFalse();
        assertThatThrownBy(() -> new RaceWindow(-1)).hasMessageContaining(RaceWindow.PROPERTY);
    }
}
