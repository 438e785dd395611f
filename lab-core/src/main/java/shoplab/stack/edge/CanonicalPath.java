package shoplab.stack.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The path a request really names, as the service behind the proxy will see it. The proxy routes on
 * this, not on the raw text: Tomcat decodes percent escapes, drops {@code ;parameters} and resolves
 * {@code ..}, so {@code /api/orders/..;/internal/stock/deduct} would match the public route
 * {@code /api/orders} and reach an internal call. Rather than re-implement every server's
 * normalisation, a path that is not already canonical is refused (nginx answers such requests with 400
 * too): no dot segments, no empty segments, no path parameters, no backslash, no control characters,
 * no encoded slash, only printable ASCII as sent, and escapes that decode to UTF-8.
 */
final class CanonicalPath {

    private CanonicalPath() {
    }

    /** The decoded path when {@code rawPath} is canonical, or empty when it must be refused. */
    static Optional<String> of(String rawPath) {
        if (!rawPath.startsWith("/") || !rawPath.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        String lower = rawPath.toLowerCase();
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            return Optional.empty();
        }
        String path = decode(rawPath);
        if (path == null) {
            return Optional.empty();
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ';') {
                return Optional.empty();
            }
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && !last)) {
                return Optional.empty(); // a trailing slash is fine, an empty segment inside is not
            }
        }
        return Optional.of(path);
    }

    /**
     * Whether {@code path} lies under {@code prefix} on whole segments: {@code /api/orders} covers
     * {@code /api/orders} and {@code /api/orders/7}, not {@code /api/ordersX}.
     */
    static boolean isUnder(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return path.length() == prefix.length() || prefix.endsWith("/") || path.charAt(prefix.length()) == '/';
    }

    /** Percent-decodes as UTF-8; null for a malformed escape or invalid UTF-8. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                return null;
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
