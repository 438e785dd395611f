package shoplab.services.payment;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A payment channel: how it retries an unacknowledged notice and what counts as the merchant's
 * acknowledgement. The schedules are the providers' published ones, in real time (scaled by {@link LabTime}).
 */
public enum Channel {

    /** Alipay: 4m, 10m, 10m, 1h, 2h, 6h, 15h after each failed delivery; acknowledged by the body {@code success}. */
    ALIPAY("alipay", List.of(Duration.ofMinutes(4), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(15))) {
        @Override
        boolean acknowledges(int status, String body) {
            return status == 200 && body != null && body.trim().equals("success");
        }
    },

    /** WeChat Pay: 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h; acknowledged by {@code {"code":"SUCCESS"}}. */
    WECHAT("wechat", List.of(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(60), Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(6),
            Duration.ofHours(6))) {
        @Override
        boolean acknowledges(int status, String body) {
            if (status != 200 || body == null) {
                return false;
            }
            try {
                return "SUCCESS".equals(JsonMapper.shared().readTree(body).path("code").asString(""));
            } catch (JacksonException notJson) {
                return false;
            }
        }
    };

    private final String id;
    private final List<Duration> retries;

    Channel(String id, List<Duration> retries) {
        this.id = id;
        this.retries = retries;
    }

    /** The name in requests and notices: {@code alipay}, {@code wechat}. */
    public String id() {
        return id;
    }

    public static Optional<Channel> of(String id) {
        for (Channel c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The real-time wait before the next delivery after {@code failedAttempts} failed ones; empty: give up. */
    public Optional<Duration> retryAfter(int failedAttempts) {
        return failedAttempts >= 1 && failedAttempts <= retries.size()
                ? Optional.of(retries.get(failedAttempts - 1)) : Optional.empty();
    }

    /** Whether the merchant's answer acknowledges the notice; anything else is a failed delivery. */
    abstract boolean acknowledges(int status, String body);
}
