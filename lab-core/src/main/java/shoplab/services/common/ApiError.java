package shoplab.services.common;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import shoplab.history.Op;

import java.util.Map;

/**
 * Bad input gets a 4xx with a clear message, in the same JSON shape everywhere:
 * {@code {"error": "CODE", "message": "..."}}.
 */
@RestControllerAdvice
public class ApiError {

    /** Thrown by a handler to answer with a 4xx and a business error code. */
    public static final class Rejected extends RuntimeException {
        private final HttpStatus status;
        private final String code;

        public Rejected(HttpStatus status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    public static ResponseEntity<Map<String, Object>> body(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }

    @ExceptionHandler(Rejected.class)
    public ResponseEntity<Map<String, Object>> rejected(Rejected e) {
        return body(e.status, e.code, e.getMessage());
    }

    /** Over a protection limit: refused at once, nothing done; the client may come back after Retry-After. */
    @ExceptionHandler(Guard.Shed.class)
    public ResponseEntity<Map<String, Object>> shed(Guard.Shed e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1")
                .header(Guard.CLASS_HEADER, Op.SHED).body(Map.of("error", "SHED", "message", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, "MALFORMED_BODY", "the request body is not the expected JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return body(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return body(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint");
    }

    /**
     * Anything unexpected (a store down, a script missing) is a 500 with the cause, never a silent answer:
     * a caller must not mistake a failure for an acknowledgement.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).header(Guard.CLASS_HEADER, Op.FAILED)
                .body(Map.of("error", "INTERNAL", "message", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** Input checks shared by the services. */
    public static String requireKey(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 64 || !value.matches("[A-Za-z0-9_.:-]+")) {
            throw new Rejected(HttpStatus.BAD_REQUEST, "INVALID_" + field.toUpperCase(),
                    field + " must be 1-64 characters of letters, digits and _ . : -");
        }
        return value;
    }

    public static int requireQuantity(Integer qty) {
        int q = qty == null ? 1 : qty;
        if (q < 1 || q > 100) {
            throw new Rejected(HttpStatus.BAD_REQUEST, "INVALID_QTY", "qty must be 1..100, was " + q);
        }
        return q;
    }
}
