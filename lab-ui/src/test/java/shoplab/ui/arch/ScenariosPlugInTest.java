package shoplab.ui.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario plugs in whole: its load, checkers, probe, snapshot, figures, columns, charts and report text
 * live in its own package under {@code shoplab.scenarios} and register with one ServiceLoader line. The
 * shared packages carry what scenarios contribute without knowing any of them. Checked here, where the
 * console's classpath holds every module: lab-core, the scenarios and the console.
 */
class ScenariosPlugInTest {

    static final JavaClasses ALL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("shoplab");

    static final String[] SHARED = {"shoplab.topology..", "shoplab.stack..", "shoplab.run..", "shoplab.history..",
            "shoplab.checks..", "shoplab.report..", "shoplab.cli..", "shoplab.ui.."};

    @Test
    void everyModuleIsImported() { // else the rules below would hold vacuously
        assertThat(ALL.contain("shoplab.scenarios.flashsale.FlashSale")).isTrue();
        assertThat(ALL.contain("shoplab.scenarios.payment.DuplicatePayment")).isTrue();
        assertThat(ALL.contain("shoplab.run.Runner")).isTrue();
        assertThat(ALL.contain("shoplab.ui.view.VerdictsView")).isTrue();
    }

    @Test
    void theSharedPackagesDependOnNoScenario() {
        noClasses().that().resideInAnyPackage(SHARED)
                .should().dependOnClassesThat().resideInAPackage("shoplab.scenarios..")
                .check(ALL);
    }

    @Test
    void noScenariosTypeIsLeftInTheSharedPackages() {
        noClasses().that().resideInAnyPackage(SHARED)
                .should().haveNameMatching(".*\\.[^.]*(FlashSale|Oversell|Stock|Sku|Trade|Payment|Coupon|Notice)[^.]*")
                .check(ALL);
    }
}
