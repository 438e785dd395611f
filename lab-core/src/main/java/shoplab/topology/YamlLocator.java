package shoplab.topology;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.Optional;

/**
 * Finds the line of a value in a YAML text by its path ({@code dataCenters[0].components[2].kind}), so
 * that errors found after mapping (a link to an unknown component, say) can still name the line.
 */
final class YamlLocator {

    private final Node root;

    YamlLocator(String yaml) {
        Node parsed;
        try {
            parsed = new Compose(LoadSettings.builder().build()).composeString(yaml).orElse(null);
        } catch (RuntimeException e) {
            parsed = null;
        }
        this.root = parsed;
    }

    /** The 1-based line of the value at the path, or of its nearest existing parent; 0 when unknown. */
    int lineOf(String path) {
        Node node = root;
        int line = node == null ? 0 : line(node);
        for (String step : path.split("\\.")) {
            if (node == null || step.isEmpty()) {
                break;
            }
            String key = step.contains("[") ? step.substring(0, step.indexOf('[')) : step;
            Optional<Node> next = child(node, key);
            if (next.isEmpty()) {
                break;
            }
            node = next.get();
            line = line(node);
            if (step.contains("[")) {
                int index = Integer.parseInt(step.substring(step.indexOf('[') + 1, step.indexOf(']')));
                if (!(node instanceof SequenceNode seq) || index >= seq.getValue().size()) {
                    break;
                }
                node = seq.getValue().get(index);
                line = line(node);
            }
        }
        return line;
    }

    private static Optional<Node> child(Node node, String key) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
