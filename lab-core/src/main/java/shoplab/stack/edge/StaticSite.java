package shoplab.stack.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The static web server behind the CDN (the origin of the shop's HTML, CSS, JS and images): serves files
 * from a root directory, GET and HEAD only. It exists so the CDN has a real origin to miss on, and so an
 * origin outage shows up as a fault the cache can hide.
 *
 * <p>Never serves outside the root: a path with a {@code ..} segment is rejected (400) and the resolved
 * real path must stay under the root.
 *
 * <p>Files are read on the event loop: they are small, local and, in the stack, mostly served from the
 * CDN's cache, so a thread pool would cost more than it saves.
 */
public final class StaticSite extends HttpPart {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");

    private final Path root;

    public StaticSite(String name, Path root) {
        super(name);
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    protected void handle(Exchange exchange) throws IOException {
        String method = exchange.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.sendError(405, "method not allowed", "Allow", "GET, HEAD");
            return;
        }
        String path = decodedPath(exchange.rawPath()); // decoded, so %2e%2e is caught too
        if (path == null || !path.startsWith("/") || hasDotDot(path) || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            exchange.sendError(400, "bad path");
            return;
        }
        Path file;
        byte[] body;
        try {
            file = resolve(path);
            body = file == null ? null : Files.readAllBytes(file);
        } catch (NoSuchFileException | InvalidPathException e) {
            body = null;
            file = null;
        }
        if (body == null) {
            exchange.sendError(404, "not found");
            return;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType(file));
        exchange.respond(200, headers, body);
    }

    /** The regular file for a request path (a directory serves its index.html), or null. */
    private Path resolve(String path) throws IOException {
        Path file = root.resolve(path.substring(1)).normalize();
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        // symbolic links must not lead out of the root either
        Path real = file.toRealPath();
        Path realRoot = root.toRealPath();
        return real.startsWith(realRoot) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    }

    /** The percent-decoded path, or null when it is malformed. */
    private static String decodedPath(String rawPath) {
        try {
            return new QueryStringDecoder(rawPath, true).path();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hasDotDot(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }

    @Override
    public String toString() {
        return "StaticSite[" + name() + " :" + port() + " " + root + "]";
    }
}
