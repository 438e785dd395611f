package shoplab.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The packages follow the data flow, topology -> stack -> run -> history -> checks -> report, and the
 * CLI sits on top. Earlier stages never reach into later ones; the judging stages never touch Spring.
 * {@code shoplab.domain} (money, the order state machine) is business vocabulary that the services
 * and the checkers share, and depends on nothing of the lab; nor does {@code shoplab.io}, which reads the
 * user's files with bounds.
 */
class LayeringTest {

    static final JavaClasses CORE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("shoplab");

    @Test
    void theModelOfTheTopologyDependsOnNothingElseOfTheLab() {
        noClasses().that().resideInAPackage("shoplab.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("shoplab.stack..", "shoplab.run..", "shoplab.history..",
                        "shoplab.checks..", "shoplab.report..", "shoplab.cli..", "shoplab.services..")
                .check(CORE);
    }

    @Test
    void historyAndChecksArePureAndEarlierThanTheReport() {
        noClasses().that().resideInAnyPackage("shoplab.history..", "shoplab.checks..")
                .should().dependOnClassesThat().resideInAnyPackage("shoplab.stack..", "shoplab.run..", "shoplab.report..",
                        "shoplab.cli..", "shoplab.services..", "org.springframework..")
                .check(CORE);
    }

    @Test
    void theReportIsBuiltFromTheBundleAlone() {
        noClasses().that().resideInAPackage("shoplab.report..")
                .should().dependOnClassesThat().resideInAnyPackage("shoplab.stack..", "shoplab.cli..", "shoplab.services..",
                        "org.springframework..")
                .check(CORE);
    }

    /** Reading the user's files with bounds is shared by the first stage (topology) and the last (report). */
    @Test
    void boundedFileReadingDependsOnNothingOfTheLab() {
        noClasses().that().resideInAPackage("shoplab.io..")
                .should().dependOnClassesThat().resideOutsideOfPackages("shoplab.io..", "java..")
                .check(CORE);
    }

    @Test
    void theDomainDependsOnNothingOfTheLab() {
        noClasses().that().resideInAPackage("shoplab.domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages("shoplab.domain..", "java..")
                .check(CORE);
    }

    @Test
    void theServicesDoNotKnowTheLabAroundThem() {
        noClasses().that().resideInAPackage("shoplab.services..")
                .should().dependOnClassesThat().resideInAnyPackage("shoplab.stack..", "shoplab.run..", "shoplab.checks..",
                        "shoplab.report..", "shoplab.cli..")
                .check(CORE);
    }

    /**
     * What a scenario's stores hold is the scenario's business (its probe and checkers live in the scenarios
     * module, see lab-ui's ScenariosPlugInTest): the stages that run, judge and report reach the stack through
     * its generic surface only, never a service's or the business domain's types.
     */
    @Test
    void runningJudgingAndReportingKnowNoServiceNorBusiness() {
        noClasses().that().resideInAnyPackage("shoplab.run..", "shoplab.history..", "shoplab.checks..",
                        "shoplab.report..", "shoplab.cli..")
                // the bench command times the stock script alone in Redis: a measurement, not a scenario
                .and().doNotHaveFullyQualifiedName("shoplab.run.RedisScriptBenchmark")
                .should().dependOnClassesThat().resideInAnyPackage("shoplab.services..", "shoplab.domain..")
                .check(CORE);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("shoplab.cli..")
                .should().dependOnClassesThat().resideInAPackage("shoplab.cli..")
                .check(CORE);
    }
}
