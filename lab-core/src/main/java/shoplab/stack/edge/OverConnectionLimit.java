package shoplab.stack.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import shoplab.history.Op;
import shoplab.services.common.Guard;

import java.lang.management.ManagementFactory;

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

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean request = msg instanceof FullHttpRequest;
        ReferenceCountUtil.release(msg);
        if (request) {
            ServerConnection.answerAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "this edge holds its most connections: retry shortly", "Retry-After", "1", Guard.CLASS_HEADER, Op.SHED);
        }
    }
}
