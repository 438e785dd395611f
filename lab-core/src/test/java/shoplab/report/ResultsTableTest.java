package shoplab.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTableTest {

    @Test
    void listsEveryStrategyInFixedWidthColumns() {
        String table = ResultsTable.render(Fixtures.results(), Fixtures.PRESENTATION);

        assertThat(table).contains(Fixtures.SAFE, Fixtures.UNSAFE, "attempts/s", "61.5",
                "violated (expected: unsafe strategy)", "oversold", "conv. ms", "never", "n/a");
        String[] lines = table.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("strategy");
        assertThat(lines[1]).matches("-+");
        assertThat(lines[2]).startsWith(Fixtures.SAFE);
        // columns line up: the verdict column starts at the same place on every row
        int verdictAt = lines[0].indexOf("verdict");
        assertThat(lines[2].substring(verdictAt)).isEqualTo("ok");
        assertThat(lines[3].substring(verdictAt)).startsWith("violated");
    }
}
