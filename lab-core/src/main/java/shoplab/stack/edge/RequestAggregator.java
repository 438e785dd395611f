package shoplab.stack.edge;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's request aggregator, answering a body above the limit with the edge's error shape: a 413 with
 * {@code {"error": ...}}, Content-Type and Content-Length, where Netty's own 413 is empty. Whether the
 * connection stays is Netty's decision, kept: it stays when the body has not come yet (Expect:
 * 100-continue) or will be read and dropped as it comes (a declared Content-Length on a keep-alive
 * connection); otherwise the answer says {@code Connection: close}. Then, as HTTP/1.1 asks of a server
 * that closes while the client may still be sending, the close is a lingering one: the edge stops writing,
 * reads and drops what still comes for up to {@value #LINGER_MS} ms, then closes, so the client's next
 * write does not earn it a reset that would destroy the 413 before it is read.
 */
final class RequestAggregator extends HttpObjectAggregator {

    static final long LINGER_MS = 2_000;

    private final String message;
    /** After a 413 that closes: everything read is dropped until the client closes or the linger ends. */
    private boolean lingering;

    RequestAggregator(int maxRequestBytes) {
        super(maxRequestBytes);
        this.message = "request body larger than " + maxRequestBytes + " bytes";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    /** Expect: 100-continue with a declared length above the limit: refused before the body is sent. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            r.release();
            return tooLarge(start, true);
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // Netty's rule: keep the connection only when the rest of the body can be skipped cleanly.
        boolean keep = !(oversized instanceof FullHttpMessage) && ctx.channel().config().isAutoRead()
                && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
        if (keep) {
            ctx.writeAndFlush(tooLarge(oversized, true)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            return;
        }
        lingering = true;
        ctx.writeAndFlush(tooLarge(oversized, false)).addListener(f -> {
            if (!f.isSuccess() || !(ctx.channel() instanceof DuplexChannel duplex)) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput(); // the client reads the 413, then end of stream
            ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        });
    }

    private FullHttpResponse tooLarge(HttpMessage request, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(Exchange.errorJson(message)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
        return response;
    }
}
