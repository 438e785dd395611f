package shoplab.cli;

import org.junit.jupiter.api.Test;
import shoplab.checks.Verdict;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An unsafe strategy's violation is expected; a safe strategy's violation exits 3; a stopped run exits 4. */
class ExitCodeTest {

    static StrategyResult result(String name, boolean unsafe, boolean valid) {
        Verdict v = new Verdict("no-oversell", valid, valid ? 0 : 3, valid ? List.of() : List.of("unit 101 sold"), Map.of());
        return new StrategyResult(name, unsafe, 10, 1, 1, 1, 1, 1, 0, Map.of(), List.of(v));
    }

    static RunResults run(boolean complete, StrategyResult... rs) {
        return new RunResults("flash-sale", "now", 1, Map.of(), complete, List.of(rs));
    }

    @Test
    void expectedAndUnexpectedViolations() {
        assertThat(ExitCodes.of(run(true, result("naive", true, false), result("redis-lua", false, true))))
                .isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.of(run(true, result("naive", true, false), result("redis-lua", false, false))))
                .isEqualTo(ExitCodes.VIOLATION);
        assertThat(ExitCodes.of(run(false, result("redis-lua", false, true)))).isEqualTo(ExitCodes.LAB_ERROR);
    }
}
