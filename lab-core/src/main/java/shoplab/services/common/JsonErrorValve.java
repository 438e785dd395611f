package shoplab.services.common;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's error report for what Tomcat answers itself, before any servlet runs (a request line or
 * header above its limit, a malformed request line, a bad URI): the services' error shape,
 * {@code {"error": "BAD_REQUEST", "message": "..."}} as application/json, where Tomcat's own valve writes an
 * HTML page. A client of the services (the edge, the load generator, a person with curl) reads every error
 * the same way. Installed by {@link TomcatErrors}.
 */
public final class JsonErrorValve extends ErrorReportValve {

    /** A message is for a person, not a copy of the request: Tomcat's may quote a 20,000-character line. */
    static final int MAX_MESSAGE = 200;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own: not for a success, not over what a servlet wrote, and only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone: nobody to tell
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code(status));
        body.put("message", message(status, response.getMessage(), throwable));
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer out = response.getReporter();
            if (out != null) {
                out.write(JsonMapper.shared().writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away meanwhile: nothing else to do for it
        }
    }

    /** {@code BAD_REQUEST}, {@code URI_TOO_LONG}: the status's name, as the services' codes are written. */
    static String code(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.name() : "HTTP_" + status;
    }

    static String message(int status, String message, Throwable cause) {
        String text = message;
        if ((text == null || text.isBlank()) && cause != null && cause.getMessage() != null) {
            text = cause.getMessage().lines().findFirst().orElse("");
        }
        if (text == null || text.isBlank()) {
            HttpStatus known = HttpStatus.resolve(status);
            text = known != null ? known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                    + " (refused by the server before the service saw it)" : "HTTP status " + status;
        }
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
