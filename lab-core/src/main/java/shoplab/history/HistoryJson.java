package shoplab.history;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the lab's data: the history stream from the load generator, and every file of
 * a run bundle (the report's {@code Json} uses this mapper).
 *
 * <p>Doubles may be NaN (a percentile of no purchase, a sample that misses a figure): they are written
 * as the string {@code "NaN"} and read back as NaN. Unknown properties are ignored so that an older
 * report tool can still read a newer bundle.
 */
public final class HistoryJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private HistoryJson() {
    }
}
