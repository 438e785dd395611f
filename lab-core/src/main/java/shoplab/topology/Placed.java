package shoplab.topology;

/**
 * A component where it runs: its data center and the id the lab calls it by, its plain name where that is
 * unique in the topology and {@code dc/name} where another data center has one of the same name.
 */
public record Placed(String id, DataCenter dataCenter, Component component) {

    public String name() {
        return component.name();
    }

    public ComponentKind kind() {
        return component.kind();
    }

    public String dc() {
        return dataCenter.name();
    }

    /** {@code dc/name}, whatever the id: how a topology file may always refer to it. */
    public String qualifiedName() {
        return dataCenter.name() + "/" + component.name();
    }

    /** Whether a reference in the topology file ({@code name} or {@code dc/name}) may mean this component. */
    public boolean answersTo(String ref) {
        return ref != null && (ref.equals(qualifiedName()) || ref.equals(component.name()));
    }

    public boolean isExternal() {
        return dataCenter.isExternal();
    }
}
