package shoplab.stack.edge;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import shoplab.services.common.Guard;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection past an edge part's limit is shed: 503, Retry-After, closed. */
class OverConnectionLimitTest {

    @Test
    void theFirstRequestIsShedAndTheConnectionClosed() {
        EmbeddedChannel ch = new EmbeddedChannel(new OverConnectionLimit());
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/orders"));
        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.headers().get("Retry-After")).isEqualTo("1");
        assertThat(r.headers().get(Guard.CLASS_HEADER)).isEqualTo("shed");
        assertThat(r.headers().get("Connection")).isEqualTo("close");
        r.release();
        assertThat(ch.isOpen()).isFalse();
    }
}
