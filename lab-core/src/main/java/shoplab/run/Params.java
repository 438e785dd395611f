package shoplab.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scenario's parameters resolved: every declared parameter with its default or validated override. */
public final class Params {

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /** Applies overrides to the defaults; an unknown name or a bad value throws IllegalArgumentException. */
    public static Params resolve(List<Parameter> declared, Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Parameter p : declared) {
            v.put(p.name(), p.defaultValue());
        }
        overrides.forEach((name, value) -> {
            Parameter p = declared.stream().filter(d -> d.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + name + "' (known: "
                            + String.join(", ", declared.stream().map(Parameter::name).toList()) + ")"));
            v.put(name, p.validate(value));
        });
        return new Params(v);
    }

    public long getLong(String name) {
        return Long.parseLong(require(name));
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public double getDouble(String name) {
        return Double.parseDouble(require(name));
    }

    public String get(String name) {
        return require(name);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return v;
    }
}
