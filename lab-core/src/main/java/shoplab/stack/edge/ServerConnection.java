package shoplab.stack.edge;

import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a server connection: hands each aggregated request to the part as an
 * {@link Exchange}, one at a time. Answers may come later (forwarding is asynchronous), so requests a
 * client pipelines behind an unanswered one wait here, with reading paused, and responses keep their
 * order as HTTP/1.1 requires.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    private final HttpPart part;
    /** Pipelined requests behind the one in progress; touched only on the event loop. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    ServerConnection(HttpPart part) {
        this.part = part;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            request.release();
            badRequest(ctx);
            return;
        }
        if (busy) {
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(ctx, request);
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        part.dispatch(new Exchange(ctx, request, () -> next(ctx)));
    }

    /** The current exchange was answered: start the next waiting one, or read on. */
    private void next(ChannelHandlerContext ctx) {
        busy = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request != null) {
            dispatch(ctx, request);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A request the codec could not parse: 400 and close, since the stream cannot be trusted any more. */
    private void badRequest(ChannelHandlerContext ctx) {
        answerAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "bad request");
    }

    /** Answers the edge's JSON error ({@code extraHeaders}: name, value, ...) and closes the connection. */
    static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String message, String... extraHeaders) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(Exchange.errorJson(message)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            response.headers().set(extraHeaders[i], extraHeaders[i + 1]);
        }
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: connection {} failed: {}", part.name(), ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
