package shoplab.ui.model;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import shoplab.run.Parameter;

/** One scenario parameter as a form field: its text, validated as it is typed (empty error: valid). */
public final class ParamField {

    private final Parameter parameter;
    private final StringProperty text = new SimpleStringProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    ParamField(Parameter parameter) {
        this.parameter = parameter;
        text.addListener((o, was, now) -> validate());
        text.set(parameter.defaultValue());
    }

    private void validate() {
        try {
            parameter.validate(text.get() == null ? "" : text.get());
            error.set("");
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
    }

    public Parameter parameter() {
        return parameter;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean valid() {
        return error.get().isEmpty();
    }
}
