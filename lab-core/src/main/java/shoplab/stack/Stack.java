package shoplab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.inventory.InventoryApp;
import shoplab.services.inventory.StockChange;
import shoplab.services.coupon.CouponApp;
import shoplab.services.order.OrderApp;
import shoplab.services.payment.PaymentProviderApp;
import shoplab.services.product.ProductApp;
import shoplab.services.product.SaleMessage;
import shoplab.services.trade.TradeApp;
import shoplab.stack.edge.Cdn;
import shoplab.stack.edge.Lvs;
import shoplab.stack.edge.ReverseProxy;
import shoplab.stack.edge.StaticSite;
import shoplab.stack.net.LatencyProxy;
import shoplab.stack.store.Database;
import shoplab.stack.store.KafkaBroker;
import shoplab.stack.store.RedisNode;
import shoplab.topology.Component;
import shoplab.topology.ComponentKind;
import shoplab.topology.Link;
import shoplab.topology.Topology;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The architecture booted from a topology, in this JVM, on random loopback ports: stores first, then the
 * links (latency proxies) to them, the services, and the edge in front. {@link #close()} stops every part
 * in reverse order and deletes the work folder; it is safe to call twice and from a shutdown hook.
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    private final Topology topology;
    private final StackOptions options;
    private final List<Lifecycle> parts = new ArrayList<>();
    private final Map<String, LatencyProxy> links = new LinkedHashMap<>();
    private final Map<String, ServiceNode> services = new LinkedHashMap<>();
    private final List<ReverseProxy> proxies = new ArrayList<>();
    private Cdn cdn;
    private boolean closed;

    private Stack(Topology topology, StackOptions options) {
        this.topology = topology;
        this.options = options;
    }

    /** Boots the whole stack; on any failure stops what was started and rethrows. */
    public static Stack boot(Topology topology, StackOptions options, Consumer<String> progress) throws Exception {
        Stack stack = new Stack(topology, options);
        try {
            stack.bootAll(progress);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void bootAll(Consumer<String> progress) throws Exception {
        Files.createDirectories(options.workDir());
        String strategy = topology.strategies().getOrDefault("stock", "redis-lua");

        Component dbC = require(ComponentKind.DATABASE);
        Database db = add(new Database(dbC.name(), options.workDir().resolve("db")), progress);

        RedisNode redis = null;
        KafkaBroker kafka = null;
        Optional<Component> redisC = topology.first(ComponentKind.REDIS);
        Optional<Component> kafkaC = topology.first(ComponentKind.KAFKA);
        TradeOptions trade = options.trade();
        if (strategy.equals("redis-lua") || trade != null) { // the trade side counts sales through Kafka into Redis
            redis = add(new RedisNode(redisC.orElseThrow(() -> missing(ComponentKind.REDIS)).name(),
                    options.workDir().resolve("redis")), progress);
            kafka = add(new KafkaBroker(kafkaC.orElseThrow(() -> missing(ComponentKind.KAFKA)).name(),
                    StockChange.TOPIC, SaleMessage.TOPIC), progress);
        }

        Component invC = require(ComponentKind.INVENTORY_SERVICE);
        Component orderC = require(ComponentKind.ORDER_SERVICE);
        int invDb = link(invC.name(), dbC.name(), db.port());
        int orderDb = link(orderC.name(), dbC.name(), db.port());
        int invRedis = redis == null ? -1 : link(invC.name(), redis.name(), redis.port());
        KafkaBroker kafkaRef = kafka;

        ServiceNode inventory = service(invC.name(), InventoryApp.class, () -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("spring.datasource.url", Database.jdbcUrl(invDb, "inventory"));
            p.put("spring.datasource.username", "sa");
            p.put("spring.datasource.password", "");
            p.put("spring.datasource.hikari.maximum-pool-size", 16);
            p.put("spring.datasource.hikari.connection-timeout", 30_000);
            p.put(InventoryApp.STRATEGY, strategy);
            p.put(InventoryApp.SKUS, options.skus());
            p.put(InventoryApp.PER_USER_LIMIT, options.perUserLimit());
            if (invRedis > 0) {
                p.put(InventoryApp.REDIS_PORT, invRedis);
                p.put(InventoryApp.KAFKA_BOOTSTRAP, kafkaRef.bootstrapServers());
            }
            return p;
        }, progress);
        int orderInv = link(orderC.name(), invC.name(), inventory.port());
        ServiceNode order = service(orderC.name(), OrderApp.class, () -> Map.of(
                "spring.datasource.url", Database.jdbcUrl(orderDb, "orders"),
                "spring.datasource.username", "sa",
                "spring.datasource.password", "",
                "spring.datasource.hikari.maximum-pool-size", 16,
                OrderApp.INVENTORY_URL, "http://127.0.0.1:" + orderInv,
                OrderApp.HOLD_MILLIS, options.holdMillis()), progress);

        if (trade != null) {
            bootTrade(trade, db, redis, kafka, inventory, progress);
        }
        bootEdge(progress);
        LOG.debug("stack up: {} {}", inventory.url(), order.url());
    }

    /**
     * The trade side (duplicate payment): product, coupon, the payment provider outside our data centers,
     * and the trade service. The provider calls the trade service back over the link {@code provider->trade}
     * (the internet between them), whose port is fixed before the trade service starts.
     */
    private void bootTrade(TradeOptions trade, Database db, RedisNode redis, KafkaBroker kafka, ServiceNode inventory,
                           Consumer<String> progress) throws Exception {
        Component productC = require(ComponentKind.PRODUCT_SERVICE);
        Component couponC = require(ComponentKind.COUPON_SERVICE);
        Component providerC = require(ComponentKind.PAYMENT_PROVIDER);
        Component tradeC = require(ComponentKind.TRADE_SERVICE);
        Component dbC = require(ComponentKind.DATABASE);
        int productRedis = link(productC.name(), redis.name(), redis.port());
        ServiceNode product = service(productC.name(), ProductApp.class, () -> Map.of(
                ProductApp.PRICES, trade.prices(),
                ProductApp.REDIS_PORT, productRedis,
                ProductApp.KAFKA_BOOTSTRAP, kafka.bootstrapServers()), progress);
        int couponDb = link(couponC.name(), dbC.name(), db.port());
        ServiceNode coupon = service(couponC.name(), CouponApp.class, () -> Map.of(
                "spring.datasource.url", Database.jdbcUrl(couponDb, "coupon"),
                "spring.datasource.username", "sa",
                "spring.datasource.password", "",
                "spring.datasource.hikari.maximum-pool-size", 16), progress);
        ServiceNode provider = service(providerC.name(), PaymentProviderApp.class, () -> {
            Map<String, Object> p = new LinkedHashMap<>();
            // The provider's ledger is its own database; it shares the lab's H2 server but no link of ours.
            p.put("spring.datasource.url", Database.jdbcUrl(db.port(), "payment"));
            p.put("spring.datasource.username", "sa");
            p.put("spring.datasource.password", "");
            p.put("spring.datasource.hikari.maximum-pool-size", 16);
            p.put(PaymentProviderApp.TIME_FACTOR, trade.timeFactor());
            trade.storm().forEach((k, v) -> p.put(PaymentProviderApp.STORM + k, v));
            return p;
        }, progress);
        issueCoupons(coupon, trade);

        int tradePort = Ports.freePort();
        int callback = link(providerC.name(), tradeC.name(), tradePort);
        int tradeDb = link(tradeC.name(), dbC.name(), db.port());
        int tradeProduct = link(tradeC.name(), productC.name(), product.port());
        int tradeInventory = link(tradeC.name(), inventory.name(), inventory.port());
        int tradeCoupon = link(tradeC.name(), couponC.name(), coupon.port());
        int tradeProvider = link(tradeC.name(), providerC.name(), provider.port());
        String guard = topology.strategies().getOrDefault("payment-guard", "optimistic");
        service(new ServiceNode(tradeC.name(), TradeApp.class, tradePort, () -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("spring.datasource.url", Database.jdbcUrl(tradeDb, "trade"));
            p.put("spring.datasource.username", "sa");
            p.put("spring.datasource.password", "");
            p.put("spring.datasource.hikari.maximum-pool-size", 16);
            p.put(TradeApp.PRODUCT_URL, "http://127.0.0.1:" + tradeProduct);
            p.put(TradeApp.INVENTORY_URL, "http://127.0.0.1:" + tradeInventory);
            p.put(TradeApp.COUPON_URL, "http://127.0.0.1:" + tradeCoupon);
            p.put(TradeApp.PAYMENT_URL, "http://127.0.0.1:" + tradeProvider);
            p.put(TradeApp.NOTIFY_URL, "http://127.0.0.1:" + callback + "/api/trade/notify");
            p.put(TradeApp.GUARD, guard);
            p.put(TradeApp.ORDER_TIMEOUT_MS, trade.orderTimeoutMillis());
            p.put(TradeApp.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
            return p;
        }), progress);
    }

    /** Coupons {@code c-N} for users {@code u-N}: what the shoppers of the scenario may redeem. */
    private static void issueCoupons(ServiceNode coupon, TradeOptions trade) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int n = 1; n <= trade.coupons(); n++) {
            String body = "{\"code\":\"c-" + n + "\",\"userId\":\"u-" + n + "\",\"discountCents\":"
                    + trade.couponDiscountCents() + ",\"minOrderCents\":0}";
            var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(coupon.url() + "/api/coupons/issue"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("issuing coupon c-" + n + " answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    private void bootEdge(Consumer<String> progress) throws Exception {
        Component proxyC = require(ComponentKind.REVERSE_PROXY);
        Component lvsC = require(ComponentKind.LVS);
        List<InetSocketAddress> proxyAddresses = new ArrayList<>();
        for (int i = 1; i <= proxyC.instances(); i++) {
            String instance = proxyC.name() + "-" + i;
            Map<String, List<URI>> routes = new LinkedHashMap<>();
            for (Map.Entry<String, String> route : proxyC.routes().entrySet()) {
                ServiceNode target = services.get(route.getValue());
                if (target == null) {
                    continue; // a service this scenario does not boot (the trade side of a flash sale): 404
                }
                int l = link(proxyC.name(), instance, target.name(), target.name(), target.port());
                routes.put(route.getKey(), List.of(URI.create("http://127.0.0.1:" + l)));
            }
            ReverseProxy proxy = add(new ReverseProxy(instance, routes), progress);
            proxies.add(proxy);
            int lvsLink = link(lvsC.name(), lvsC.name(), proxyC.name(), instance, proxy.port());
            proxyAddresses.add(new InetSocketAddress("127.0.0.1", lvsLink));
        }
        Lvs lvs = add(new Lvs(lvsC.name(), proxyAddresses), progress);

        Component siteC = require(ComponentKind.STATIC_SITE);
        Path root = options.workDir().resolve("static");
        StaticContent.write(root, options.skus());
        StaticSite site = add(new StaticSite(siteC.name(), root), progress);

        Component cdnC = require(ComponentKind.CDN);
        cdn = add(new Cdn(cdnC.name(), URI.create("http://127.0.0.1:" + site.port()),
                URI.create("http://127.0.0.1:" + lvs.port()), Duration.ofSeconds(60)), progress);
    }

    private Component require(ComponentKind kind) {
        return topology.first(kind).orElseThrow(() -> missing(kind));
    }

    private IllegalStateException missing(ComponentKind kind) {
        return new IllegalStateException("topology '" + topology.name() + "' has no " + kind.yamlName());
    }

    private <T extends Lifecycle> T add(T part, Consumer<String> progress) throws Exception {
        parts.add(part);
        progress.accept("starting " + part.name());
        part.start();
        return part;
    }

    private ServiceNode service(String name, Class<?> app, java.util.function.Supplier<Map<String, Object>> props,
                                Consumer<String> progress) throws Exception {
        return service(new ServiceNode(name, app, props), progress);
    }

    private ServiceNode service(ServiceNode node, Consumer<String> progress) throws Exception {
        add(node, progress);
        services.put(node.name(), node);
        return node;
    }

    private int link(String from, String to, int targetPort) throws Exception {
        return link(from, from, to, to, targetPort);
    }

    /**
     * The port to reach {@code toInstance} at from {@code fromInstance}. A link the topology declares runs
     * through a latency proxy, named {@code fromInstance->toInstance}, which is what link faults act on;
     * an undeclared hop connects directly (a relay costs CPU that the lab's two cores need elsewhere).
     */
    private int link(String fromComponent, String fromInstance, String toComponent, String toInstance,
                     int targetPort) throws Exception {
        Optional<Link> declared = topology.link(fromComponent, toComponent);
        if (declared.isEmpty()) {
            return targetPort;
        }
        String name = fromInstance + "->" + toInstance;
        LatencyProxy p = new LatencyProxy(name, new InetSocketAddress("127.0.0.1", targetPort),
                declared.get().latencyMs());
        parts.add(p);
        p.start();
        links.put(name, p);
        return p.port();
    }

    public Topology topology() {
        return topology;
    }

    /** Where users enter: the CDN. */
    public URI entryUrl() {
        return URI.create("http://127.0.0.1:" + cdn.port());
    }

    public List<Lifecycle> parts() {
        return List.copyOf(parts);
    }

    public Optional<Lifecycle> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Map<String, LatencyProxy> links() {
        return Map.copyOf(links);
    }

    /** A service instance's own address, for the lab's sampling (not through the edge). */
    public String serviceUrl(ComponentKind kind) {
        String name = require(kind).name();
        return services.get(name).url();
    }

    /** Whether this stack runs the trade side (trade, product, coupon, the payment provider). */
    public boolean runsTrade() {
        return options.trade() != null;
    }

    /** Requests the reverse proxies have served so far. */
    public long proxiedRequests() {
        return proxies.stream().mapToLong(ReverseProxy::requests).sum();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Lifecycle> reverse = new ArrayList<>(parts);
        java.util.Collections.reverse(reverse);
        for (Lifecycle p : reverse) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {}: {}", p.name(), e.toString());
            }
        }
        Folders.deleteTree(options.workDir());
    }

}
