package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.checks.FinalState;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The final state comes from two agreeing quiet readings, never from one torn between two services' reads. */
class QuiescenceTest {

    /** What a stock snapshot says: the DB's stock and the units sold and held. */
    record Stores(long dbStock, long sold, long held) {
    }

    /** A probe that answers a scripted list of readings, then repeats the last; bound 5 s. */
    static Probe scripted(List<Stores> readings) {
        return scripted(readings, 5_000);
    }

    static Probe scripted(List<Stores> readings, long boundMillis) {
        Deque<Stores> left = new ArrayDeque<>(readings);
        return new Probe() {
            @Override
            public Reading read() {
                Stores s = left.size() > 1 ? left.poll() : left.peek();
                return new Reading() {
                    @Override
                    public Map<String, Double> figures() {
                        return Map.of();
                    }

                    @Override
                    public boolean quiet() {
                        return s.held() == 0;
                    }

                    @Override
                    public Object backlog() {
                        return s.held();
                    }

                    @Override
                    public Object snapshot() {
                        return s;
                    }
                };
            }

            @Override
            public long quiesceBoundMillis() {
                return boundMillis;
            }
        };
    }

    @Test
    void aReadingTornByAReleaseIsNotTheFinalState() throws Exception {
        // Seen in a default run: the inventory read before the last release committed (stock 19), the order
        // service after it (held 0): 19 + 80 + 0 = 99 of 100, a false alarm. The next reading balanced.
        Stores torn = new Stores(19, 80, 0);
        Stores settled = new Stores(20, 80, 0);
        FinalState state = new Quiescence(scripted(List.of(new Stores(19, 80, 1), torn, settled)), () -> false, List::of).await();

        assertThat(state.quiesced()).isTrue();
        assertThat(state.snapshot()).isEqualTo(settled);
    }

    @Test
    void aStackThatNeverSettlesIsJudgedAsItIsAndMarkedNotQuiesced() throws Exception {
        Deque<Stores> changing = new ArrayDeque<>();
        for (int i = 0; i < 200; i++) {
            changing.add(new Stores(i, 0, 0)); // quiet, but every reading differs
        }
        FinalState state = new Quiescence(scripted(List.copyOf(changing), 600), () -> false, List::of).await();
        assertThat(state.quiesced()).isFalse();
    }

    /** Seen at ten times the load: a stack too busy to answer even its last snapshot costs that strategy its state, not the run. */
    @Test
    void aStackThatCannotBeReadAtTheEndHasNoFinalStateButTheRunGoesOn() throws Exception {
        Probe busy = new Probe() {
            @Override
            public Reading read() {
                return new Reading() {
                    @Override
                    public Map<String, Double> figures() {
                        return Map.of();
                    }

                    @Override
                    public boolean quiet() {
                        return false;
                    }

                    @Override
                    public Object snapshot() throws java.io.IOException {
                        throw new java.net.http.HttpTimeoutException("request timed out");
                    }
                };
            }

            @Override
            public long quiesceBoundMillis() {
                return 300;
            }
        };
        FinalState state = new Quiescence(busy, () -> false, List::of).await();
        assertThat(state.quiesced()).isFalse();
        assertThat(state.snapshot()).isNull();
    }

    /**
     * Seen at ten times the load: the stack was still draining (orders closing late) when the bound ran out,
     * and its verdicts judged work in flight. While the backlog keeps moving the wait goes on, bounded.
     */
    @Test
    void aStackStillDrainingIsWaitedForPastTheBoundWhileItProgresses() throws Exception {
        List<Stores> draining = new java.util.ArrayList<>();
        for (int held = 30; held > 0; held--) {
            draining.add(new Stores(100 - held, 0, held)); // 30 readings, 100 ms apart: 3 s
        }
        draining.add(new Stores(100, 0, 0));
        Probe bounded = scripted(draining, 2_000); // 3 s of draining outlasts the bound; the cap, 8 s, does not
        shoplab.report.Json.MAPPER.writeValueAsString(new Stores(0, 0, 0)); // its first use takes a while on a busy machine
        FinalState state = new Quiescence(bounded, () -> false, List::of).await();
        assertThat(state.quiesced()).isTrue();
        assertThat(state.snapshot()).isEqualTo(new Stores(100, 0, 0));
    }
}
