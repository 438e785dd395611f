package shoplab.stack.edge;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.pool.ChannelPool;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The last handler of a pooled upstream connection of an {@link HttpForwarder}: carries one request at a
 * time and completes its promise with the aggregated response, or fails it (connection lost, bad answer,
 * no answer within {@link HttpForwarder#RESPONSE_TIMEOUT}). Then it gives the connection back to its pool,
 * closed first unless the upstream agreed to keep it alive. Idle pooled connections are closed before an
 * upstream's own keep-alive timeout would, so a request rarely meets a connection the upstream just shut.
 * All of it runs on the connection's event loop.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    /** No response within the response timeout (the request may have been processed: never retried). */
    static final class ResponseTimeoutException extends IOException {
        ResponseTimeoutException() {
            super("no response in " + HttpForwarder.RESPONSE_TIMEOUT.toSeconds() + " s");
        }
    }

    private ChannelPool pool;
    private Promise<FullHttpResponse> pending;
    private ScheduledFuture<?> timeout;

    /** Sends {@code request} on {@code channel}, acquired from {@code pool}; takes ownership of the request. */
    void send(Channel channel, ChannelPool pool, FullHttpRequest request, Promise<FullHttpResponse> promise) {
        this.pool = pool;
        this.pending = promise;
        this.timeout = channel.eventLoop().schedule(() -> fail(channel, new ResponseTimeoutException()),
                HttpForwarder.RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                fail(channel, written.cause());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Promise<FullHttpResponse> promise = pending;
        if (promise == null) {
            // an answer nobody asked for: the connection is out of step, drop it
            response.release();
            ctx.close();
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL
                && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            response.release(); // e.g. 100 Continue: the real answer follows
            return;
        }
        if (!response.decoderResult().isSuccess()) {
            response.release();
            fail(ctx.channel(), new IOException("bad response: " + response.decoderResult().cause()));
            return;
        }
        clear();
        if (!HttpUtil.isKeepAlive(response)) {
            ctx.close();
        }
        pool.release(ctx.channel());
        if (!promise.trySuccess(response)) {
            response.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && pending == null) {
            ctx.close(); // idle in the pool; the pool drops closed connections on acquire
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx.channel(), new IOException("upstream closed the connection"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx.channel(), cause);
        ctx.close();
    }

    private void fail(Channel channel, Throwable cause) {
        Promise<FullHttpResponse> promise = pending;
        if (promise == null) {
            return;
        }
        clear();
        channel.close();
        pool.release(channel);
        promise.tryFailure(cause);
    }

    private void clear() {
        pending = null;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
