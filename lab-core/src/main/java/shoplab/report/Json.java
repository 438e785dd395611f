package shoplab.report;

import shoplab.history.HistoryJson;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of a run bundle: the history's mapping ({@link HistoryJson}), so that every file of a bundle
 * (run.json, results.json, the jsonl histories, final-state.json) is written and read the same way.
 */
public final class Json {

    /** Compact, one value per line: the jsonl files and anything else that is not for reading by eye. */
    public static final JsonMapper MAPPER = HistoryJson.MAPPER;

    /** Indented: the single-document files (run.json, results.json, final-state.json). */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
