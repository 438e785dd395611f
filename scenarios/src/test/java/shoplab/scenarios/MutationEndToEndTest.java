package shoplab.scenarios;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import shoplab.cli.ExitCodes;
import shoplab.cli.ShopLabCli;
import shoplab.report.RunBundle;
import shoplab.report.RunResults;
import shoplab.report.StrategyResult;
import shoplab.topology.Mechanism;
import shoplab.topology.Mechanisms;
import shoplab.run.Scenarios;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shoplab mutate} on the real stack, as short runs: every safeguard of each scenario's safe
 * strategies, removed alone, is caught by some checker (an equivalent mutant, a second line of defence,
 * may survive and says why). The proof that each checker catches the bug it exists for.
 */
class MutationEndToEndTest {

    @ParameterizedTest
    @ValueSource(strings = {"flash-sale", "duplicate-payment"})
    void everyMutantIsCaughtBySomeChecker(String scenario, @TempDir Path out) throws Exception {
        Path bundle = out.resolve("bundle");
        CommandLine cl = ShopLabCli.commandLine();
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("mutate", scenario, "--topology", "../topologies/single-dc.yaml", "--out", bundle.toString());

        Mechanism mechanism = Mechanisms.get(Scenarios.find(scenario).orElseThrow().mechanism());
        RunResults results = RunBundle.open(bundle).readResults();
        assertThat(results.strategies()).extracting(StrategyResult::name).containsExactlyElementsOf(mechanism.mutantNames());
        for (Mechanism.Mutant m : mechanism.mutants()) {
            StrategyResult r = results.strategies().stream().filter(s -> s.name().equals(m.name())).findFirst().orElseThrow();
            if (m.equivalent() == null) {
                assertThat(r.allValid()).as(m.name() + ": no checker caught the removal of " + m.safeguard()).isFalse();
                assertThat(r.checks()).filteredOn(v -> !v.valid()).allSatisfy(v -> assertThat(v.examples()).isNotEmpty());
            }
        }
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(bundle.resolve("mutation.html"))).contains("killed").doesNotContain("SURVIVED");
    }
}
