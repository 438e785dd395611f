package shoplab.stack.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import shoplab.history.Op;
import shoplab.services.common.Guard;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * What a connection past an edge part's limit gets, as from nginx's {@code limit_conn}: its first request is
 * answered 503 (shed, Retry-After) and the connection closed. The lab runs every part in one process whose
 * file descriptors are finite; without a limit a spike of clients (20,000 at once at 10x) exhausts them and
 * every part, stores' clients included, fails at random. With it the front door sheds, visibly, and the rest
 * of the stack keeps working.
 */
final class OverConnectionLimit extends ChannelInboundHandlerAdapter {

    /** Connections one HTTP part keeps open at most: a third of the process's descriptors, within 256..10,000. */
    static final int MAX_CONNECTIONS = limit();

    private static int limit() {
        long fds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : 30_000;
        return (int) Math.max(256, Math.min(10_000, fds / 3));
    }

    private static final byte[] BODY = ("{\"error\":\"TOO_MANY_CONNECTIONS\",\"message\":\"this edge holds its most "
            + "connections: retry shortly\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SERVICE_UNAVAILABLE,
                Unpooled.wrappedBuffer(BODY));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("Retry-After", "1")
                .set(Guard.CLASS_HEADER, Op.SHED);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
