package shoplab.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shoplab.services.common.H2BrokenConnections;
import shoplab.services.common.Guard;
import shoplab.services.common.ProtectionMechanism;
import shoplab.services.common.ServiceBoot;
import shoplab.services.common.SiteLease;
import shoplab.services.coupon.CouponApp;
import shoplab.services.inventory.InventoryApp;
import shoplab.services.inventory.StockChange;
import shoplab.services.inventory.StockMechanism;
import shoplab.services.order.AntiFraudMechanism;
import shoplab.services.order.OrderApp;
import shoplab.services.payment.PaymentProviderApp;
import shoplab.services.product.ProductApp;
import shoplab.services.product.catalog.CacheConsistencyMechanism;
import shoplab.services.product.catalog.ProductCatalog;
import shoplab.services.product.SaleMessage;
import shoplab.services.trade.PaymentGuardMechanism;
import shoplab.services.trade.TradeApp;
import shoplab.stack.Stack.Part;
import shoplab.stack.Stack.Tier;
import shoplab.stack.edge.Cdn;
import shoplab.stack.edge.Gslb;
import shoplab.stack.edge.Lvs;
import shoplab.stack.edge.ProxyCache;
import shoplab.stack.edge.ReverseProxy;
import shoplab.stack.edge.StaticSite;
import shoplab.stack.net.LatencyProxy;
import shoplab.stack.store.Database;
import shoplab.stack.store.KafkaBroker;
import shoplab.stack.store.MariaDbNode;
import shoplab.stack.store.SqlStore;
import shoplab.stack.store.RedisNode;
import shoplab.services.trade.dtx.Dtx;
import shoplab.services.trade.dtx.DistributedTxMechanism;
import shoplab.services.tx.EffectMessage;
import shoplab.services.tx.TxParticipant;
import shoplab.topology.ComponentKind;
import shoplab.topology.DataCenter;
import shoplab.topology.Link;
import shoplab.topology.Mechanisms;
import shoplab.topology.Placed;
import shoplab.topology.Replication;
import shoplab.topology.TrafficManager;
import shoplab.topology.SiteLink;
import shoplab.topology.Topology;
import shoplab.topology.Wiring;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Boots a {@link Stack}: the component factory keyed by kind, and the network between the parts. Stores of
 * every data center first, then the service instances (the first of each component first, so only one
 * migrates its database), then each data center's edge; independent parts boot in parallel.
 *
 * <p>A connection runs through a latency proxy when the topology declares a link for it or when it crosses
 * between two data centers (with the site link's latency, so that a partition can cut it); other hops
 * inside a data center connect directly (a relay costs CPU that the lab's two cores need elsewhere).
 */
final class StackBoot {

    /** The traffic manager's place in partitions: a link crossing between a data center and it. */
    static final String GLOBAL = "gslb";

    private static final Logger LOG = LoggerFactory.getLogger(StackBoot.class);

    /** Threads that boot parts at once: Spring contexts and brokers are CPU-bound on two cores. */
    private static final int PARALLEL = 3;

    private final Stack stack;
    private final Topology topology;
    private final StackOptions options;
    private final Consumer<String> progress;
    private final Map<Placed, Lifecycle> stores = new LinkedHashMap<>();
    private final SigningKeys keys = SigningKeys.random();
    /** Each service component's instances: name and pre-assigned port. */
    private final Map<Placed, List<Instance>> instances = new LinkedHashMap<>();
    /** Where callers reach a component: its only instance, or the balancer in front of its instances. */
    private final Map<Placed, Integer> addresses = new LinkedHashMap<>();
    private final Map<String, Integer> linkPorts = new LinkedHashMap<>();
    /** Each reverse proxy's instances, for the LVS in front of them (data centers' edges boot in parallel). */
    private final Map<Placed, List<InetSocketAddress>> proxyInstances = new java.util.concurrent.ConcurrentHashMap<>();

    private record Instance(String name, int index, int port) {
    }

    /** The traffic manager's front, when the topology has one; the services' lease URL per data center. */
    private Gslb gslb;
    private final Map<String, String> leaseUrls = new LinkedHashMap<>();
    private final Map<Placed, Integer> cdnPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<TrafficSwitch.WriterLink> writerLinks = new java.util.concurrent.CopyOnWriteArrayList<>();

    StackBoot(Stack stack, Topology topology, StackOptions options, Consumer<String> progress) {
        this.stack = stack;
        this.topology = topology;
        this.options = options;
        this.progress = progress;
    }

    void bootAll() throws Exception {
        Files.createDirectories(options.workDir());
        Set<Placed> services = servicesToBoot();
        Set<Placed> needed = new LinkedHashSet<>();
        for (Placed s : services) {
            Wiring.callees(s, topology).stream().filter(c -> !Wiring.isService(c.kind())).forEach(needed::add);
        }
        if (topology.replication() != null) { // a replica data center's stores follow even while nobody calls them
            topology.placed().stream().filter(topology::replicated).forEach(needed::add);
        }
        List<Callable<Void>> storeBoots = new ArrayList<>();
        for (Placed s : needed) {
            Lifecycle store = store(s);
            stores.put(s, store);
            storeBoots.add(() -> start(new Part(store, s, Tier.STORE)));
        }
        inParallel(storeBoots);
        replicate();
        startTrafficManager();

        for (Placed s : services) {
            List<Instance> list = new ArrayList<>();
            for (int i = 1; i <= s.component().instances(); i++) {
                list.add(new Instance(s.component().instances() == 1 ? s.id() : s.id() + "-" + i, i, Ports.freePort()));
            }
            instances.put(s, list);
            if (list.size() == 1) {
                addresses.put(s, list.get(0).port());
            } else { // service-to-service calls reach the instances through a round-robin balancer
                Lvs balancer = new Lvs(s.id(), list.stream().map(in -> new InetSocketAddress("127.0.0.1", in.port())).toList());
                start(new Part(balancer, s, Tier.LINK));
                addresses.put(s, balancer.port());
            }
        }
        List<Callable<Void>> firsts = new ArrayList<>();
        List<Callable<Void>> others = new ArrayList<>();
        for (Placed s : services) {
            for (Instance in : instances.get(s)) {
                ServiceNode node = serviceNode(s, in);
                (in.index() == 1 ? firsts : others).add(() -> {
                    start(new Part(node, s, Tier.SERVICE));
                    stack.registerService(s, node.url());
                    return null;
                });
            }
        }
        inParallel(firsts);
        inParallel(others);

        List<Callable<Void>> edges = new ArrayList<>();
        for (DataCenter dc : topology.dataCenters()) {
            if (!dc.isExternal()) {
                edges.add(() -> {
                    bootEdge(dc);
                    return null;
                });
            }
        }
        inParallel(edges);
        switchTraffic();
        for (StackOptions.Setup setup : options.setups()) {
            setup.apply(stack);
        }
    }

    /**
     * Each replica data center's database and Redis follow the primary's over the site link (so that a
     * partition cuts replication); in semi-sync the primary waits for them. Before any service connects, so
     * that everything the services create and write, from their schemas on, replicates.
     */
    /** The topology's replication in the mode this run chose ({@code strategies: {replication: ...}}), or null. */
    private Replication replication() {
        Replication r = topology.replication();
        String chosen = topology.strategies().get(ReplicationMechanism.NAME); // a run comparing modes picks one
        return r == null || chosen == null ? r : new Replication(r.primary(), r.replicas(), chosen, r.semiSyncTimeoutMs());
    }

    private void replicate() throws Exception {
        Replication r = topology.replication();
        if (r == null) {
            return;
        }
        r = replication();
        Replicas.Site primary = site(topology.dataCenter(r.primary()).orElseThrow());
        List<Replicas.Site> followers = new ArrayList<>();
        for (String name : r.replicas()) {
            Replicas.Site replica = site(topology.dataCenter(name).orElseThrow());
            progress.accept(replica.db().name() + " follows " + primary.db().name() + " (" + r.mode() + ")");
            replica.db().follow(follow(replica.db().name(), primary.db().name()), r.semiSync());
            if (replica.redis() != null && primary.redis() != null) {
                replica.redis().replicaOf(follow(replica.redis().name(), primary.redis().name()));
            }
            followers.add(replica);
        }
        for (Replicas.Site replica : followers) { // ready means replicating: a replica never synced is empty
            replica.db().awaitReplicating(Duration.ofSeconds(30));
            if (replica.redis() != null && primary.redis() != null) {
                replica.redis().awaitSynced(Duration.ofSeconds(30));
            }
        }
        if (r.semiSync()) {
            primary.db().leadSemiSync(r.semiSyncTimeoutMs());
        }
        stack.replicas(new Replicas(r, primary, followers));
    }

    private Replicas.Site site(DataCenter dc) {
        Placed db = topology.replicated(dc, ComponentKind.DATABASE).orElseThrow();
        Placed redis = topology.replicated(dc, ComponentKind.REDIS).orElse(null);
        return new Replicas.Site(dc.name(), (MariaDbNode) stores.get(db), redis == null ? null : (RedisNode) stores.get(redis));
    }

    /** The port a replica store reaches its primary at: through the site link between their data centers. */
    private int follow(String replica, String primary) throws Exception {
        Placed from = topology.placed(replica).orElseThrow();
        Placed to = topology.placed(primary).orElseThrow();
        return connect(replica, from, to, primary, stores.get(to).port());
    }

    /**
     * The services the scenario exercises, in every data center, with every service they call (the trade
     * side costs boot time a flash sale need not pay).
     */
    private Set<Placed> servicesToBoot() {
        Set<Placed> services = new LinkedHashSet<>();
        List<Placed> todo = new ArrayList<>(topology.placed().stream().filter(p -> options.services().contains(p.kind())).toList());
        while (!todo.isEmpty()) {
            Placed p = todo.remove(0);
            if (services.add(p)) {
                Wiring.callees(p, topology).stream().filter(c -> Wiring.isService(c.kind())).forEach(todo::add);
            }
        }
        return services;
    }

    // ---- the component factory, keyed by kind ----

    private Lifecycle store(Placed s) {
        Path dir = options.workDir().resolve(s.qualifiedName().replace('/', '-'));
        return switch (s.kind()) {
            case DATABASE -> s.component().isMariaDb() ? new MariaDbNode(s.id(), dir) : new Database(s.id(), dir);
            case REDIS -> new RedisNode(s.id(), dir);
            case KAFKA -> new KafkaBroker(s.id(), StockChange.TOPIC, SaleMessage.TOPIC, shoplab.services.common.OrderEvent.TOPIC,
                    EffectMessage.TOPIC, EffectMessage.HALF_TOPIC, EffectMessage.OP_TOPIC);
            default -> throw new IllegalStateException(s.id() + ": a " + s.kind().yamlName() + " is not a store");
        };
    }

    private ServiceNode serviceNode(Placed s, Instance in) throws Exception {
        Calls c = new Calls(s, in.name());
        return switch (s.kind()) {
            case INVENTORY_SERVICE -> {
                Map<String, Object> db = c.database("inventory");
                Optional<Integer> redis = c.optionalPort(ComponentKind.REDIS);
                String strategy = topology.strategy(Mechanisms.get(StockMechanism.NAME));
                yield node(s, in, InventoryApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    p.put("spring.datasource.hikari.connection-timeout", 30_000);
                    p.put(InventoryApp.STRATEGY, strategy);
                    participant(p, "stock", c);
                    redis.ifPresent(port -> {
                        p.put(InventoryApp.REDIS_PORT, port);
                        p.put(InventoryApp.KAFKA_BOOTSTRAP, c.kafka());
                        Replication r = replication();
                        if (r != null && r.semiSync()) { // the stock script's deduction waits for a Redis replica too
                            p.put(InventoryApp.REDIS_WAIT_MS, r.semiSyncTimeoutMs());
                        }
                    });
                    return p;
                });
            }
            case ORDER_SERVICE -> {
                Map<String, Object> db = c.database("orders");
                int inventory = c.port(ComponentKind.INVENTORY_SERVICE);
                String prefix = idPrefix("o", s, in);
                Optional<Integer> redis = c.optionalPort(ComponentKind.REDIS); // the queued order path's
                String strategy = topology.strategy(Mechanisms.get(StockMechanism.NAME));
                String defence = topology.strategy(Mechanisms.get(AntiFraudMechanism.NAME));
                yield node(s, in, OrderApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    p.put(OrderApp.INVENTORY_URL, url(inventory));
                    p.put(OrderApp.ORDER_ID_PREFIX, prefix);
                    p.put(OrderApp.STOCK_STRATEGY, strategy);
                    p.put(OrderApp.DEFENCE, defence);
                    p.put(OrderApp.SALE_TOKEN_KEY, keys.saleTokens()); // every instance verifies the others' tokens
                    redis.ifPresent(port -> {
                        p.put(OrderApp.REDIS_PORT, port);
                        p.put(OrderApp.KAFKA_BOOTSTRAP, c.kafka());
                    });
                    return p;
                });
            }
            case PRODUCT_SERVICE -> {
                int redis = c.port(ComponentKind.REDIS);
                String catalog = topology.strategy(Mechanisms.get(CacheConsistencyMechanism.NAME));
                // The catalog and its caches only where a strategy runs them: other scenarios boot no product database.
                Map<String, Object> db = CacheConsistencyMechanism.NONE.equals(catalog) ? Map.of() : c.database("product");
                yield node(s, in, ProductApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    p.put(ProductApp.REDIS_PORT, redis);
                    p.put(ProductApp.KAFKA_BOOTSTRAP, c.kafka());
                    if (!db.isEmpty()) {
                        CacheConsistencyMechanism.Resolved resolved = CacheConsistencyMechanism.resolve(catalog);
                        p.put(ProductCatalog.STRATEGY, resolved.base());
                        if (resolved.removed() != null) { // a mutant: its safeguard lives in the catalog
                            p.put(ProductCatalog.SAFEGUARD_OFF, resolved.removed());
                        }
                        p.put(ProductCatalog.REDIS_PORT, redis);
                    }
                    return p;
                });
            }
            case COUPON_SERVICE -> {
                Map<String, Object> db = c.database("coupon");
                yield node(s, in, CouponApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    participant(p, "coupon", c);
                    return p;
                });
            }
            case PAYMENT_PROVIDER -> {
                Map<String, Object> db = c.database("payment");
                yield node(s, in, PaymentProviderApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    p.put(PaymentProviderApp.SIGN_KEY, keys.notices());
                    p.put(PaymentProviderApp.MERCHANT_KEY, keys.merchant());
                    return p;
                });
            }
            case TRADE_SERVICE -> {
                Map<String, Object> db = c.database("trade");
                int product = c.port(ComponentKind.PRODUCT_SERVICE);
                int inventory = c.port(ComponentKind.INVENTORY_SERVICE);
                int coupon = c.port(ComponentKind.COUPON_SERVICE);
                Placed providerC = c.callee(ComponentKind.PAYMENT_PROVIDER);
                int provider = c.port(ComponentKind.PAYMENT_PROVIDER);
                // The provider calls back over its own link to this trade component (the internet between them).
                int callback = connect(instances.get(providerC).get(0).name(), providerC, s, s.id(), addresses.get(s));
                String guard = topology.strategy(Mechanisms.get(PaymentGuardMechanism.NAME));
                String prefix = idPrefix("ord", s, in);
                yield node(s, in, TradeApp.class, () -> {
                    Map<String, Object> p = new LinkedHashMap<>(db);
                    p.put(TradeApp.PRODUCT_URL, url(product));
                    p.put(TradeApp.INVENTORY_URL, url(inventory));
                    p.put(TradeApp.COUPON_URL, url(coupon));
                    p.put(TradeApp.PAYMENT_URL, url(provider));
                    p.put(TradeApp.NOTIFY_URL, url(callback) + "/api/trade/notify");
                    p.put(TradeApp.GUARD, guard);
                    p.put(TradeApp.SIGN_KEY, keys.notices());
                    p.put(TradeApp.MERCHANT_KEY, keys.merchant());
                    p.put(TradeApp.KAFKA_BOOTSTRAP, c.kafka());
                    p.put(TradeApp.ORDER_ID_PREFIX, prefix);
                    p.put(Dtx.STRATEGY, dtxStrategy());
                    p.put(Dtx.TX_LOG_DIR, options.workDir().resolve(in.name().replace('/', '-') + "-tx-log").toString());
                    return p;
                });
            }
            default -> throw new IllegalStateException(s.id() + ": a " + s.kind().yamlName() + " is not a service");
        };
    }

    private String dtxStrategy() {
        return topology.strategy(Mechanisms.get(DistributedTxMechanism.NAME));
    }

    /** A participant of the distributed purchase: its name, and Kafka when the strategy sends it effect messages. */
    private void participant(Map<String, Object> p, String name, Calls c) {
        p.put(TxParticipant.NAME, name);
        String removed = DistributedTxMechanism.resolve(dtxStrategy()).removed();
        if (removed != null) { // a mutant of the mechanism: its safeguard lives in the participants
            p.put(TxParticipant.SAFEGUARD_OFF, removed);
        }
        if (DistributedTxMechanism.messaging(dtxStrategy())) {
            p.put(TxParticipant.KAFKA_BOOTSTRAP, c.kafka());
        }
    }

    /**
     * Order ids must not collide where instances share a database, nor at the payment provider, which every
     * data center's trade service pays through: the entry data center's first instance keeps the plain prefix.
     */
    private String idPrefix(String base, Placed s, Instance in) {
        boolean plain = s.dataCenter().equals(topology.entryDataCenter()) && in.index() == 1;
        if (plain) {
            return base;
        }
        String dc = s.dc().replaceAll("[^a-z0-9]", "");
        String p = base + dc + in.index();
        return p.length() <= 16 ? p : base + Math.abs((dc + in.index()).hashCode() % 1_000_000);
    }

    /** An instance: the scenario's settings for its kind, then the stack's wiring, then who it is. */
    private ServiceNode node(Placed s, Instance in, Class<?> app, Supplier<Map<String, Object>> wiring) {
        return new ServiceNode(in.name(), app, in.port(), () -> {
            Map<String, Object> p = new LinkedHashMap<>(options.settings(s.kind()));
            p.putAll(wiring.get());
            p.put(ServiceBoot.INSTANCE, in.name());
            p.put(ServiceBoot.DATA_CENTER, s.dc());
            if (leaseUrls.containsKey(s.dc())) {
                p.put(SiteLease.URL, leaseUrls.get(s.dc()));
            }
            if (protectedKinds().contains(s.kind())) {
                p.put(Guard.RULES, topology.requireProtection());
            }
            return p;
        });
    }

    /** The kinds whose paths the topology's protection rules guard, under the degrade-limit strategy; else none. */
    private java.util.Set<ComponentKind> protectedKinds() {
        if (!ProtectionMechanism.DEGRADE_LIMIT.equals(topology.strategy(Mechanisms.get(ProtectionMechanism.NAME)))) {
            return java.util.Set.of();
        }
        return java.util.Set.of(ComponentKind.ORDER_SERVICE, ComponentKind.PRODUCT_SERVICE);
    }

    /** A service's connection settings to its database on {@code store}, reached through {@code port}. */
    private static Map<String, Object> dataSource(SqlStore store, int port, String database) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", store.jdbcUrl(port, database));
        p.put("spring.datasource.username", store.user());
        p.put("spring.datasource.password", store.password());
        p.put("spring.datasource.hikari.maximum-pool-size", 16);
        p.put("spring.datasource.hikari.exception-override-class-name", H2BrokenConnections.class.getName());
        return p;
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The keys the merchant and the provider sign with, new for every stack: a well-known default would let
     * anyone who read the lab's source pay as the merchant or forge a notice.
     */
    private record SigningKeys(String notices, String merchant, String saleTokens) {
        static SigningKeys random() {
            return new SigningKeys(randomKey(), randomKey(), randomKey());
        }

        private static String randomKey() {
            byte[] k = new byte[32];
            new java.security.SecureRandom().nextBytes(k);
            return java.util.HexFormat.of().formatHex(k);
        }
    }

    private final class Calls {
        private final Placed from;
        private final String instance;

        Calls(Placed from, String instance) {
            this.from = from;
            this.instance = instance;
        }

        Placed callee(ComponentKind kind) {
            return topology.callee(from, kind).orElseThrow(() -> new IllegalStateException(
                    from.id() + " calls a " + kind.yamlName() + " and none is in reach"));
        }

        int port(ComponentKind kind) throws Exception {
            Placed to = callee(kind);
            Lifecycle store = stores.get(to);
            int target = store != null ? store.port() : addresses.get(to);
            return connect(instance, from, to, to.id(), target);
        }

        /** The settings to reach this instance's database named {@code database} on the database it calls. */
        Map<String, Object> database(String database) throws Exception {
            SqlStore store = (SqlStore) stores.get(callee(ComponentKind.DATABASE));
            store.createDatabase(database);
            return dataSource(store, port(ComponentKind.DATABASE), database);
        }

        Optional<Integer> optionalPort(ComponentKind kind) throws Exception {
            return Wiring.calls(from.kind(), topology).contains(kind) ? Optional.of(port(kind)) : Optional.empty();
        }

        /** Read at each (re)start: a restarted broker listens on a new port. */
        String kafka() {
            return ((KafkaBroker) stores.get(callee(ComponentKind.KAFKA))).bootstrapServers();
        }
    }

    // ---- the network ----

    /**
     * The port {@code fromInstance} (of component {@code from}) reaches {@code toName} (of component
     * {@code to}) at: a latency proxy named {@code fromInstance->toName} where the topology declares the link
     * or the connection crosses between data centers, else {@code targetPort} itself.
     */
    private int connect(String fromInstance, Placed from, Placed to, String toName, int targetPort) throws Exception {
        Optional<Link> declared = topology.link(from, to);
        boolean crossing = !from.dc().equals(to.dc());
        if (declared.isEmpty() && !crossing) {
            return targetPort;
        }
        String name = fromInstance + "->" + toName;
        synchronized (linkPorts) {
            Integer known = linkPorts.get(name);
            if (known != null) {
                return known;
            }
            double latency = latency(from, to);
            LatencyProxy p = new LatencyProxy(name, new InetSocketAddress("127.0.0.1", targetPort), latency);
            p.start();
            stack.registerLink(new Part(p, from, Tier.LINK), p, crossing ? Set.of(from.dc(), to.dc()) : Set.of());
            linkPorts.put(name, p.port());
            if (Wiring.isService(from.kind()) && topology.replicated(to)) { // a switch moves it to the new primary
                writerLinks.add(new TrafficSwitch.WriterLink(p, from.dc(), to.kind() == ComponentKind.REDIS,
                        dc -> latency(from, topology.replicated(topology.dataCenter(dc).orElseThrow(), to.kind()).orElseThrow())));
            }
            return p.port();
        }
    }

    /** A connection's one-way latency: its declared link's, else the site link's between their data centers, else none. */
    private double latency(Placed from, Placed to) {
        return topology.link(from, to).map(Link::latencyMs)
                .orElseGet(() -> topology.siteLink(from.dc(), to.dc()).map(SiteLink::latencyMs).orElse(0.0));
    }

    // ---- the global traffic manager ----

    /**
     * Starts the traffic manager's front before the services, which renew their write lease at it from the
     * start, each data center over its own link to it (crossing between the data center and {@code gslb}, so
     * isolating a data center cuts its renewals). Its sites are added once the edges run.
     */
    private void startTrafficManager() throws Exception {
        TrafficManager m = topology.trafficManager();
        if (m == null) {
            return;
        }
        gslb = new Gslb("gslb", topology.replication().primary(), m.leaseMs());
        stack.gslb(gslb);
        progress.accept("starting gslb");
        gslb.start();
        for (String dc : topology.replication().members()) {
            LatencyProxy lease = globalLink(dc + "->gslb", dc, gslb.port());
            leaseUrls.put(dc, url(lease.port()) + Gslb.LEASE_PATH);
        }
    }

    /**
     * The traffic manager reaches each data center's CDN, and each database to fence it, through a link of its
     * own; users then enter through the traffic manager. Every store can follow every other member's (links
     * made now: a switch re-points the replicas at the promoted data center).
     */
    private void switchTraffic() throws Exception {
        if (gslb == null) {
            return;
        }
        Map<String, URI> health = new LinkedHashMap<>();
        Map<String, Integer> fence = new LinkedHashMap<>();
        Map<String, Integer> follow = new LinkedHashMap<>();
        for (String dc : topology.replication().members()) {
            DataCenter d = topology.dataCenter(dc).orElseThrow();
            Placed cdn = topology.inDataCenter(d, ComponentKind.CDN).get(0);
            URI entry = URI.create(url(globalLink("gslb->" + cdn.id(), dc, cdnPorts.get(cdn)).port()));
            gslb.site(dc, entry);
            health.put(dc, entry.resolve("/gslb-health"));
            Placed db = topology.replicated(d, ComponentKind.DATABASE).orElseThrow();
            fence.put(db.id(), globalLink("gslb->" + db.id(), dc, stores.get(db).port()).port());
            for (String other : topology.replication().members()) {
                if (!other.equals(dc)) {
                    DataCenter o = topology.dataCenter(other).orElseThrow();
                    for (ComponentKind kind : List.of(ComponentKind.DATABASE, ComponentKind.REDIS)) {
                        Optional<Placed> mine = topology.replicated(d, kind);
                        Optional<Placed> theirs = topology.replicated(o, kind);
                        if (mine.isPresent() && theirs.isPresent()) {
                            follow.put(mine.get().id() + "->" + theirs.get().id(), follow(mine.get().id(), theirs.get().id()));
                        }
                    }
                }
            }
        }
        stack.entry(gslb.baseUri());
        Map<String, Replicas.Site> members = new LinkedHashMap<>();
        for (String dc : topology.replication().members()) {
            members.put(dc, site(topology.dataCenter(dc).orElseThrow()));
        }
        stack.traffic(new TrafficSwitch(stack, gslb, topology.trafficManager(), health, follow, fence, writerLinks, members));
    }

    /** A link between a data center and the traffic manager, owned by the data center's CDN (its edge). */
    private LatencyProxy globalLink(String name, String dc, int targetPort) throws Exception {
        LatencyProxy p = new LatencyProxy(name, new InetSocketAddress("127.0.0.1", targetPort), 0);
        p.start();
        Placed owner = topology.inDataCenter(topology.dataCenter(dc).orElseThrow(), ComponentKind.CDN).get(0);
        stack.registerLink(new Part(p, owner, Tier.LINK), p, Set.of(dc, GLOBAL));
        return p;
    }

    // ---- the edge of one data center ----

    private void bootEdge(DataCenter dc) throws Exception {
        Map<Placed, Integer> edge = new LinkedHashMap<>();
        for (Placed p : topology.inDataCenter(dc, ComponentKind.REVERSE_PROXY)) {
            List<InetSocketAddress> own = new ArrayList<>();
            for (int i = 1; i <= p.component().instances(); i++) {
                String name = p.component().instances() == 1 ? p.id() : p.id() + "-" + i;
                Map<String, List<URI>> routes = new LinkedHashMap<>();
                for (Map.Entry<String, String> route : p.component().routes().entrySet()) {
                    Placed target = topology.resolve(route.getValue(), dc).orElseThrow();
                    List<Instance> targets = instances.get(target);
                    if (targets == null) {
                        continue; // a service this scenario does not boot (the trade side of a flash sale): 404
                    }
                    List<URI> uris = new ArrayList<>();
                    for (Instance t : targets) {
                        uris.add(URI.create(url(connect(name, p, target, t.name(), t.port()))));
                    }
                    routes.put(route.getKey(), uris);
                }
                ReverseProxy proxy = new ReverseProxy(name, routes, p.component().cache().entrySet().stream()
                        .map(e -> new ProxyCache.CachedRoute(e.getKey(), Duration.ofMillis(e.getValue()))).toList());
                start(new Part(proxy, p, Tier.EDGE));
                own.add(new InetSocketAddress("127.0.0.1", proxy.port()));
            }
            edge.put(p, own.get(0).getPort());
            proxyInstances.put(p, own);
        }
        for (Placed p : topology.inDataCenter(dc, ComponentKind.LVS)) {
            Placed upstream = topology.resolve(p.component().upstream(), dc).orElseThrow();
            List<InetSocketAddress> backends = new ArrayList<>();
            List<InetSocketAddress> targets = proxyInstances.get(upstream);
            for (int i = 0; i < targets.size(); i++) {
                String to = targets.size() == 1 ? upstream.id() : upstream.id() + "-" + (i + 1);
                backends.add(new InetSocketAddress("127.0.0.1", connect(p.id(), p, upstream, to, targets.get(i).getPort())));
            }
            Lvs lvs = new Lvs(p.id(), backends);
            start(new Part(lvs, p, Tier.EDGE));
            edge.put(p, lvs.port());
        }
        for (Placed p : topology.inDataCenter(dc, ComponentKind.STATIC_SITE)) {
            Path root = options.workDir().resolve(p.qualifiedName().replace('/', '-') + "-static");
            writeFiles(root, options.files());
            StaticSite site = new StaticSite(p.id(), root);
            start(new Part(site, p, Tier.EDGE));
            edge.put(p, site.port());
        }
        for (Placed p : topology.inDataCenter(dc, ComponentKind.CDN)) {
            Placed origin = topology.resolve(p.component().origin(), dc).orElseThrow();
            Placed upstream = topology.resolve(p.component().upstream(), dc).orElseThrow();
            Cdn cdn = new Cdn(p.id(), URI.create(url(connect(p.id(), p, origin, origin.id(), edgePort(edge, origin)))),
                    URI.create(url(connect(p.id(), p, upstream, upstream.id(), edgePort(edge, upstream)))), Duration.ofSeconds(60));
            start(new Part(cdn, p, Tier.EDGE));
            cdnPorts.put(p, cdn.port());
            if (dc.equals(topology.entryDataCenter()) && stack.entryUrl() == null) {
                stack.entry(URI.create(url(cdn.port())));
            }
        }
    }

    private int edgePort(Map<Placed, Integer> edge, Placed p) {
        Integer port = edge.get(p);
        if (port == null) {
            Integer service = addresses.get(p);
            if (service == null) {
                throw new IllegalStateException(p.id() + " is not booted (a CDN upstream must be an edge part or a booted service)");
            }
            return service;
        }
        return port;
    }

    // ---- boot mechanics ----

    /** Registers before starting, so that a part that fails half way is still stopped by close(). */
    private Void start(Part part) throws Exception {
        stack.register(part);
        progress.accept("starting " + part.name());
        part.lifecycle().start();
        return null;
    }

    /** The static site's files, each at its relative path under the site's root (nothing may climb out). */
    private static void writeFiles(Path root, Map<String, String> files) throws java.io.IOException {
        Files.createDirectories(root);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = root.resolve(f.getKey()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new IllegalArgumentException("static file '" + f.getKey() + "' is not a path under the site");
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
    }

    /** Runs the boots at once (bounded), waits for all, and rethrows the first failure. */
    private static void inParallel(List<Callable<Void>> boots) throws Exception {
        if (boots.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, boots.size()), r -> {
            Thread t = new Thread(r, "stack-boot-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Exception first = null;
            for (Future<Void> f : pool.invokeAll(boots)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.debug("a part failed to boot", e.getCause());
                    if (first == null) {
                        first = e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
