package shoplab.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scripted step ends with an outcome: done at its time, failed with the reason, or not run and why. */
class ScriptedFaultsTest {

    @Test
    void eachStepIsDoneFailedOrNotRunNeverDroppedUnseen() throws Exception {
        List<FaultStep> steps = List.of(FaultStep.parse("0s:kill:redis"), FaultStep.parse("20ms:restart:redis"),
                FaultStep.parse("60s:kill:proxy-1"));
        List<String> said = new CopyOnWriteArrayList<>();
        List<FaultStep> applied = new CopyOnWriteArrayList<>();
        ScriptedFaults plan = new ScriptedFaults("redis-lua", steps, said::add);
        long epoch = System.currentTimeMillis();
        plan.start(step -> {
            if (step.action().equals("restart")) {
                throw new IllegalStateException("redis: port 6379 taken");
            }
            applied.add(step);
        }, () -> System.currentTimeMillis() - epoch);
        Thread.sleep(300); // the first two are due; the third is a minute away

        List<FaultOutcome> outcomes = plan.end("the load ended first, at 0.3 s");

        assertThat(applied).containsExactly(steps.get(0));
        assertThat(outcomes).extracting(FaultOutcome::status)
                .containsExactly(FaultOutcome.DONE, FaultOutcome.FAILED, FaultOutcome.NOT_RUN);
        assertThat(outcomes).extracting(FaultOutcome::strategy).containsOnly("redis-lua");
        assertThat(outcomes.get(0).atMs()).isBetween(0L, 250L);
        assertThat(outcomes.get(1).describe()).matches("failed at [0-9.]+ s: redis: port 6379 taken");
        assertThat(outcomes.get(2).describe()).isEqualTo("not run: the load ended first, at 0.3 s");
        assertThat(said).containsExactly("fault 0.0s:kill:redis", "fault 0.0s:restart:redis failed: redis: port 6379 taken",
                "fault 60.0s:kill:proxy-1 not run: the load ended first, at 0.3 s");

        assertThat(plan.end("the run was stopped first")).as("ending twice changes nothing").isEqualTo(outcomes);
        Thread.sleep(100);
        assertThat(applied).hasSize(1);
    }

    @Test
    void aPlanEndedBeforeItStartedRunsNothing() {
        ScriptedFaults plan = new ScriptedFaults("naive", List.of(FaultStep.parse("1s:kill:redis")), line -> { });
        assertThat(plan.end("the strategy's run failed before its time: no stack"))
                .containsExactly(new FaultOutcome("naive", FaultOutcome.NOT_RUN, null,
                        "the strategy's run failed before its time: no stack"));
    }
}
