package shoplab.report;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of a run bundle, so that every file of it (run.json, results.json, the
 * jsonl histories, final-state.json) is written and read the same way.
 *
 * <p>Doubles may be NaN (a percentile of no purchase, a sample that misses a figure): they are written
 * as the string {@code "NaN"} and read back as NaN, and bare {@code NaN} tokens are accepted too. Unknown
 * properties are ignored so that an older report tool can still read a newer bundle.
 */
public final class Json {

    /** Compact, one value per line: the jsonl files and anything else that is not for reading by eye. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Indented: the single-document files (run.json, results.json, final-state.json). */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
