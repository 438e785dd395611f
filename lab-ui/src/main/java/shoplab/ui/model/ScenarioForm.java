package shoplab.ui.model;

import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import shoplab.run.Params;
import shoplab.run.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario panel's state: the scenario picked, its typed parameters as fields (defaults filled,
 * each validated as typed), the strategies ticked, and the seed. {@link #problems()} lists what stops a
 * run from starting; a run never starts with a bad value.
 */
public final class ScenarioForm {

    private final ObservableList<Scenario> scenarios = FXCollections.observableArrayList();
    private final ObjectProperty<Scenario> scenario = new SimpleObjectProperty<>();
    private final ObservableList<ParamField> fields = FXCollections.observableArrayList();
    private final ObservableList<StrategyChoice> strategies = FXCollections.observableArrayList();
    private final StringProperty seed = new SimpleStringProperty("1");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(false);

    public ScenarioForm(List<Scenario> available) {
        scenarios.setAll(available);
        scenario.addListener((o, was, now) -> rebuild(now));
        seed.addListener((o, was, now) -> {
            seedError.set(parseSeed(now) == null ? "seed: '" + now + "' is not a whole number" : "");
            revalidate();
        });
        if (!available.isEmpty()) {
            scenario.set(available.get(0));
        }
    }

    private void rebuild(Scenario s) {
        List<ParamField> f = new ArrayList<>();
        List<StrategyChoice> st = new ArrayList<>();
        if (s != null) {
            s.parameters().forEach(p -> f.add(new ParamField(p)));
            s.strategies().forEach(name -> st.add(new StrategyChoice(name, s.unsafeStrategies().contains(name))));
        }
        f.forEach(p -> p.errorProperty().addListener(this::revalidate));
        st.forEach(c -> c.selectedProperty().addListener(this::revalidate));
        fields.setAll(f);
        strategies.setAll(st);
        revalidate();
    }

    private void revalidate(Observable ignored) {
        revalidate();
    }

    private void revalidate() {
        valid.set(problems().isEmpty());
    }

    /** What is wrong with the form, one line each; empty when a run can start. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (scenario.get() == null) {
            p.add("pick a scenario");
            return p;
        }
        fields.stream().filter(f -> !f.valid()).forEach(f -> p.add(f.errorProperty().get()));
        if (selectedStrategies().isEmpty()) {
            p.add("tick at least one strategy");
        }
        if (!seedError.get().isEmpty()) {
            p.add(seedError.get());
        }
        return p;
    }

    /** The parameters resolved; call only when {@link #problems()} is empty. */
    public Params params() {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach(f -> values.put(f.parameter().name(), f.textProperty().get()));
        return Params.resolve(scenario.get().parameters(), values);
    }

    public List<String> selectedStrategies() {
        return strategies.stream().filter(s -> s.selectedProperty().get()).map(StrategyChoice::name).toList();
    }

    public long seedValue() {
        Long v = parseSeed(seed.get());
        if (v == null) {
            throw new IllegalStateException(seedError.get());
        }
        return v;
    }

    private static Long parseSeed(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sets a field by parameter name (the console's scripted tour, tests). */
    public void set(String parameter, String value) {
        fields.stream().filter(f -> f.parameter().name().equals(parameter)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter '" + parameter + "'"))
                .textProperty().set(value);
    }

    /** Ticks exactly these strategies. */
    public void choose(List<String> names) {
        strategies.forEach(s -> s.selectedProperty().set(names.contains(s.name())));
    }

    public ObservableList<Scenario> scenarios() {
        return scenarios;
    }

    public ObjectProperty<Scenario> scenarioProperty() {
        return scenario;
    }

    public ObservableList<ParamField> fields() {
        return fields;
    }

    public ObservableList<StrategyChoice> strategies() {
        return strategies;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }
}
