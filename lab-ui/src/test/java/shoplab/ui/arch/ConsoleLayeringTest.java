package shoplab.ui.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The console's state lives in view-models that use JavaFX's observable properties only, never a
 * control, a scene or a stage, and know nothing of the views; so they are tested without the toolkit.
 */
class ConsoleLayeringTest {

    static final JavaClasses UI = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("shoplab.ui");

    @Test
    void viewModelsUseNoControlSceneOrStage() {
        noClasses().that().resideInAPackage("shoplab.ui.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..", "org.jfree.chart.fx..", "shoplab.ui.view..")
                .check(UI);
    }
}
