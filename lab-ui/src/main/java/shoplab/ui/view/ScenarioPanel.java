package shoplab.ui.view;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import shoplab.run.Scenario;
import shoplab.ui.model.ParamField;
import shoplab.ui.model.ScenarioForm;
import shoplab.ui.model.StrategyChoice;

/** The scenario form: scenario, its parameters (validated as typed), strategies to compare, seed. */
final class ScenarioPanel extends VBox {

    private final ScenarioForm form;
    private final GridPane params = new GridPane();
    private final FlowPane strategies = new FlowPane(10, 4);

    ScenarioPanel(ScenarioForm form) {
        super(4);
        this.form = form;
        setPadding(new Insets(8));

        ComboBox<Scenario> scenario = new ComboBox<>(form.scenarios());
        scenario.setId("scenarioChoice");
        scenario.setMaxWidth(Double.MAX_VALUE);
        scenario.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scenario s) {
                return s == null ? "" : s.name();
            }

            @Override
            public Scenario fromString(String s) {
                return null;
            }
        });
        scenario.valueProperty().bindBidirectional(form.scenarioProperty());
        Label description = new Label();
        description.getStyleClass().add("hint");
        description.setWrapText(true);
        description.textProperty().bind(form.scenarioProperty().map(Scenario::description).orElse(""));

        params.setHgap(6);
        params.setVgap(2);
        TextField seed = new TextField();
        seed.setId("seed");
        seed.textProperty().bindBidirectional(form.seedProperty());
        Label seedError = errorLabel();
        seedError.textProperty().bind(form.seedErrorProperty());

        getChildren().addAll(title("Scenario"), scenario, description, title("Parameters"), params,
                title("Strategies (several: a comparison on the same seeded load)"), strategies,
                title("Seed"), seed, seedError);
        form.fields().addListener((ListChangeListener<ParamField>) c -> rebuildParams());
        form.strategies().addListener((ListChangeListener<StrategyChoice>) c -> rebuildStrategies());
        rebuildParams();
        rebuildStrategies();
    }

    private void rebuildParams() {
        params.getChildren().clear();
        int row = 0;
        for (ParamField f : form.fields()) {
            Label name = new Label(f.parameter().name());
            name.setTooltip(new Tooltip(f.parameter().description()));
            TextField text = new TextField();
            text.setId("param-" + f.parameter().name());
            text.setPrefColumnCount(8);
            text.setTooltip(new Tooltip(f.parameter().description()));
            text.textProperty().bindBidirectional(f.textProperty());
            Label error = errorLabel();
            error.textProperty().bind(f.errorProperty());
            error.setId("error-" + f.parameter().name());
            params.add(name, 0, row);
            params.add(text, 1, row++);
            params.add(error, 0, row++, 2, 1);
        }
    }

    private void rebuildStrategies() {
        strategies.getChildren().clear();
        for (StrategyChoice s : form.strategies()) {
            CheckBox box = new CheckBox(s.name() + (s.unsafe() ? " (unsafe)" : ""));
            box.setId("strategy-" + s.name());
            box.selectedProperty().bindBidirectional(s.selectedProperty());
            if (s.unsafe()) {
                box.setTooltip(new Tooltip("unsafe by design: its violations are expected, and show the checkers work"));
            }
            strategies.getChildren().add(box);
        }
    }

    static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        l.setWrapText(true);
        return l;
    }

    private static Label errorLabel() {
        Label l = new Label();
        l.getStyleClass().add("error");
        l.setWrapText(true);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }
}
