package shoplab.run;

/**
 * A typed scenario parameter with a default and bounds; {@link #validate} turns a bad value into a
 * message that names the parameter.
 *
 * @param name         as given to {@code --set name=value}
 * @param type         int, double or string
 * @param defaultValue used when the run does not set it
 * @param min          lower bound for numbers (inclusive)
 * @param max          upper bound for numbers (inclusive)
 * @param description  one line for help and forms
 */
public record Parameter(String name, Type type, String defaultValue, double min, double max, String description) {

    public enum Type { INT, DOUBLE, STRING }

    /** The name of {@link #raceWindow}, the same in every scenario whose strategies have a read-write gap. */
    public static final String RACE_WINDOW_MS = "raceWindowMs";

    /**
     * Races on demand: how long, in ms, the implementing service holds a request between a read and the
     * write that depends on it, waiting for a rival (where a strategy has that gap: the unsafe ones and the
     * mutants); 0 leaves the race to the machine's timing. {@code shoplab mutate} sets it.
     */
    public static Parameter raceWindow() {
        return integer(RACE_WINDOW_MS, 0, 0, 10_000,
                "ms a request waits for a rival between its read and its write (unsafe strategies and mutants; 0: chance)");
    }

    public static Parameter integer(String name, long def, long min, long max, String description) {
        return new Parameter(name, Type.INT, String.valueOf(def), min, max, description);
    }

    public static Parameter decimal(String name, double def, double min, double max, String description) {
        return new Parameter(name, Type.DOUBLE, String.valueOf(def), min, max, description);
    }

    public static Parameter text(String name, String def, String description) {
        return new Parameter(name, Type.STRING, def, 0, 0, description);
    }

    /** Returns the value normalised, or throws {@link IllegalArgumentException} saying what is wrong. */
    public String validate(String value) {
        switch (type) {
            case INT -> {
                long v;
                try {
                    v = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
                }
                if (v < min || v > max) {
                    throw new IllegalArgumentException(name + ": " + v + " is out of range " + (long) min + ".." + (long) max);
                }
                return String.valueOf(v);
            }
            case DOUBLE -> {
                double v;
                try {
                    v = Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": '" + value + "' is not a number");
                }
                if (!(v >= min && v <= max)) {
                    throw new IllegalArgumentException(name + ": " + v + " is out of range " + min + ".." + max);
                }
                return String.valueOf(v);
            }
            default -> {
                if (value.isBlank()) {
                    throw new IllegalArgumentException(name + ": must not be empty");
                }
                return value.trim();
            }
        }
    }
}
