package shoplab.run;

import org.junit.jupiter.api.Test;
import shoplab.checks.Checker;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.report.Presentation;
import shoplab.stack.Stack;
import shoplab.stack.StackOptions;
import shoplab.topology.TopologyFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run request refuses a scripted fault its load would never see: one at or after the load's planned end. */
class RunRequestTest {

    static final TopologyFile SINGLE_DC = TopologyFile.read(Path.of("../topologies/single-dc.yaml"));

    /** A scenario whose load ends by 10 s: only what the request reads of it. */
    static final Scenario TEN_SECONDS = new Scenario() {
        @Override
        public String name() {
            return "ten-seconds";
        }

        @Override
        public String description() {
            return "a load that ends by 10 s";
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public String mechanism() {
            return "stock";
        }

        @Override
        public Optional<LoadEnd> loadEnd(Params params) {
            return Optional.of(new LoadEnd(10_000, "2 s generator start + 8 s of load"));
        }

        @Override
        public String simulationClass() {
            return "none";
        }

        @Override
        public StackOptions stackOptions(Params params, long seed, Path workDir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> loadProperties(Params params, long seed) {
            return Map.of();
        }

        @Override
        public List<Checker> checkers() {
            return List.of();
        }

        @Override
        public Probe probe(Stack stack, Params params, long epochMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Number> figures(List<Verdict> verdicts, FinalState state) {
            return Map.of();
        }

        @Override
        public Presentation presentation() {
            return Presentation.NONE;
        }
    };

    static RunRequest request(String... faults) {
        return new RunRequest(TEN_SECONDS, SINGLE_DC.file(), SINGLE_DC.yaml(), SINGLE_DC.topology(), List.of("redis-lua"),
                Params.resolve(List.of(), Map.of()), 1, Path.of("unused"), List.of(faults).stream().map(FaultStep::parse).toList());
    }

    @Test
    void aFaultBeforeTheLoadsEndIsKept() {
        assertThat(request("8s:kill:redis", "9.999s:restart:redis").faults()).hasSize(2);
    }

    @Test
    void aFaultAtOrAfterTheLoadsEndIsRefusedNamingTheStepAndTheEnd() {
        assertThatThrownBy(() -> request("8s:kill:redis", "10s:restart:redis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--fault '10.0s:restart:redis': after the load, which ends by 10 s into the ten-seconds run "
                        + "(2 s generator start + 8 s of load); give a time before it");
        assertThatThrownBy(() -> request("45s:kill:redis")).hasMessageStartingWith("--fault '45.0s:kill:redis': after the load");
    }

    @Test
    void aSpikesEndCountsTheWarmUpTheArrivalsAndTheirService() {
        LoadEnd end = LoadEnd.ofSpike(5_000, 1_000, 2_000, "buyers", 100);
        assertThat(end.atMs()).isEqualTo(2_000 + 5_000 + 1_000 + 20_000);
        assertThat(end.reckoning()).isEqualTo("2 s generator start + 5 s warm-up + rampMs 1000 ms + 20 s for 2000 buyers at 100/s or more");
        assertThat(LoadEnd.ofSteady(5_000, 8_000).atMs()).isEqualTo(16_000);
    }
}
