package shoplab.services.order;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import shoplab.history.Op;
import shoplab.services.common.ApiError;
import shoplab.services.common.Guard;
import shoplab.services.common.ServiceBoot;
import shoplab.services.common.Signer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sale's defences against bots ({@link AntiFraudMechanism}), checked before a buy touches any stock.
 * Bots look like this: few devices and addresses, many accounts on each, attempts fast and again, from
 * before the sale opens. So: limits per user, device and address (Sentinel's hot-parameter rules); a sale
 * token, signed for the user and SKU, that the page hands out only once the sale opens; a blacklist of the
 * devices and addresses more accounts buy from than people share a phone or a home with.
 *
 * <p>The device is the client's {@code X-Device-Id}, the address the first {@code X-Forwarded-For} entry (the
 * edge passes both through; in the lab the load generator sets them as a real client's would be seen).
 */
@Component
public class AntiFraud implements AutoCloseable {

    public static final String DEVICE_HEADER = "X-Device-Id";
    public static final String ADDRESS_HEADER = "X-Forwarded-For";

    /** Buy attempts a second: one user, one device, one address (a household's few phones). */
    static final double USER_QPS = 1;
    static final double DEVICE_QPS = 2;
    static final double ADDRESS_QPS = 4;
    /** More accounts than this buying from one device (or address) blacklist it for the sale. */
    static final int ACCOUNTS_PER_DEVICE = 3;
    static final int ACCOUNTS_PER_ADDRESS = 10;
    private static final Duration SALE_MEMORY = Duration.ofMinutes(30);

    private final boolean limits;
    private final boolean token;
    private final boolean blacklist;
    private final Guard limiter;
    private final Signer signer;
    /** When the sale opens (epoch ms); 0: open. Set by the lab as a run starts. */
    private volatile long opensAt;
    private final Cache<String, Set<String>> accountsSeen = Caffeine.newBuilder().expireAfterAccess(SALE_MEMORY)
            .maximumSize(1_000_000).build();
    private final Set<String> blacklisted = ConcurrentHashMap.newKeySet();

    public AntiFraud(@Value("${" + OrderApp.DEFENCE + ":" + AntiFraudMechanism.NONE + "}") String defence,
                     @Value("${" + OrderApp.SALE_TOKEN_KEY + ":}") String tokenKey,
                     @Value("${" + ServiceBoot.INSTANCE + ":order}") String instance) {
        if (new AntiFraudMechanism().strategy(defence).isEmpty()) {
            throw new IllegalArgumentException("unknown defence '" + defence + "' (expected one of: "
                    + String.join(", ", new AntiFraudMechanism().strategyNames()) + ")");
        }
        boolean all = AntiFraudMechanism.ALL.equals(defence);
        this.limits = all || AntiFraudMechanism.LIMITS.equals(defence);
        this.token = all || AntiFraudMechanism.TOKEN.equals(defence);
        this.blacklist = all || AntiFraudMechanism.BLACKLIST.equals(defence);
        this.limiter = limits ? Guard.limiting(instance, "buy-attempts", USER_QPS, DEVICE_QPS, ADDRESS_QPS) : Guard.NONE;
        byte[] key = tokenKey.isBlank() ? java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)
                : tokenKey.getBytes(StandardCharsets.UTF_8);
        this.signer = new Signer(key);
    }

    /** The sale opens at this instant (epoch ms): no token before it. */
    void opensAt(long epochMs) {
        this.opensAt = epochMs;
    }

    /** The user's token for the SKU, or null while the sale has not opened. Handed out whatever the defence. */
    String token(String user, String sku) {
        return System.currentTimeMillis() < opensAt ? null : signer.sign(Map.of("user", user, "sku", sku));
    }

    long opensAt() {
        return opensAt;
    }

    /** The refusal of this buy attempt, or null when the defences let it through. */
    ResponseEntity<Map<String, Object>> refusal(String user, String sku, String device, String address, String saleToken) {
        if (blacklist && (listed(device, user, ACCOUNTS_PER_DEVICE) | listed(address, user, ACCOUNTS_PER_ADDRESS))) {
            return refuse(HttpStatus.FORBIDDEN, "BLACKLISTED", "this device or address is blacklisted for the sale");
        }
        if (token && !signer.verify(Map.of("user", user, "sku", sku), saleToken)) {
            return refuse(HttpStatus.FORBIDDEN, "NO_SALE_TOKEN", "no valid sale token for " + user + " and " + sku
                    + ": the sale page hands it out once the sale opens");
        }
        if (limits) {
            try {
                limiter.admit("buy-attempts", user, device, address);
            } catch (Guard.Shed e) {
                return refuse(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS", e.getMessage());
            }
        }
        return null;
    }

    /** Counts the account on the key; true when the key is (now) blacklisted. */
    private boolean listed(String key, String user, int maxAccounts) {
        if (key == null || key.isBlank()) {
            return false;
        }
        if (blacklisted.contains(key)) {
            return true;
        }
        Set<String> accounts = accountsSeen.get(key, k -> ConcurrentHashMap.newKeySet());
        accounts.add(user);
        if (accounts.size() > maxAccounts) {
            blacklisted.add(key);
            return true;
        }
        return false;
    }

    /** A refusal is a full answer (the service decided), not load shed: the history must not count it as shed. */
    private static ResponseEntity<Map<String, Object>> refuse(HttpStatus status, String error, String message) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).header(Guard.CLASS_HEADER, Op.FULL);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            b.header("Retry-After", "1");
        }
        return b.body(Map.of("error", error, "message", message));
    }

    /** Devices and addresses blacklisted so far. */
    int blacklistedCount() {
        return blacklisted.size();
    }

    @Override
    public void close() {
        limiter.close();
    }

    /** The first address of an {@code X-Forwarded-For} value (the client's), or null. */
    static String clientAddress(String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return null;
        }
        int comma = forwardedFor.indexOf(',');
        return (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim();
    }

    static ResponseEntity<Map<String, Object>> notOpen(long opensAt) {
        return ApiError.body(HttpStatus.FORBIDDEN, "SALE_NOT_OPEN", "the sale opens at " + java.time.Instant.ofEpochMilli(opensAt));
    }
}
