package shoplab.history;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of history entries, shared by the stream and the bundle files. */
public final class HistoryJson {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private HistoryJson() {
    }
}
