package shoplab.topology;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyLoaderTest {

    static final Path SINGLE_DC = Path.of("../topologies/single-dc.yaml");

    @Test
    void loadsTheShippedSingleDcTopology() {
        Topology t = TopologyLoader.load(SINGLE_DC);
        assertThat(t.name()).isEqualTo("single-dc");
        assertThat(t.dataCenters()).extracting(DataCenter::role).containsExactly("production", "external");
        assertThat(t.component("provider")).get().extracting(Component::kind).isEqualTo(ComponentKind.PAYMENT_PROVIDER);
        assertThat(t.component("proxy")).get().extracting(Component::instances).isEqualTo(2);
        assertThat(t.component("proxy").orElseThrow().routes()).containsEntry("/api/orders", "order");
        assertThat(t.link("inventory", "db")).get().extracting(Link::latencyMs).isEqualTo(0.25);
        assertThat(t.link("lvs", "proxy")).as("edge hops are not declared").isEmpty();
        assertThat(t.strategies()).containsEntry("stock", "redis-lua").containsEntry("payment-guard", "optimistic");
        assertThat(t.withStrategy("stock", "naive").strategies()).containsEntry("stock", "naive");
    }

    @Test
    void aTypoInAFieldNamesFileLineAndField() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("latencyMs: 0.25 }", "latncyMs: 0.25 }");
        int line = lineOf(yaml, "latncyMs");
        assertThatThrownBy(() -> TopologyLoader.parse("topologies/bad.yaml", yaml))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("topologies/bad.yaml:" + line + ": links[")
                .hasMessageContaining("unknown field 'latncyMs'")
                .hasMessageContaining("latencyMs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownKindNamesTheLine() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("kind: kafka }", "kind: kafak }");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessageStartingWith("t.yaml:" + lineOf(yaml, "kafak") + ": dataCenters[0].components[")
                .hasMessageContaining("kafak");
    }

    @Test
    void aLinkToAnUnknownComponentNamesTheLine() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("{ from: inventory, to: redis", "{ from: inventory, to: rdis");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessage("t.yaml:" + lineOf(yaml, "to: rdis") + ": links[3].to: unknown component 'rdis'");
    }

    @Test
    void anUnknownStrategyIsRefusedWithTheChoices() throws Exception {
        String yaml = Files.readString(SINGLE_DC).replace("stock: redis-lua", "stock: redis-lau");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessageStartingWith("t.yaml:" + lineOf(yaml, "redis-lau") + ": strategies.stock: unknown strategy 'redis-lau'")
                .hasMessageContaining("db-pessimistic");
    }

    @Test
    void aProxyCacheMustLieUnderARouteAndKeepAnswersASaneTime() throws Exception {
        String shipped = Files.readString(Path.of("../topologies/product-cache.yaml"));
        Topology ok = TopologyLoader.parse("p.yaml", shipped);
        assertThat(ok.placed("proxy").orElseThrow().component().cache()).containsEntry("/api/catalog/products", 500L);
        assertThatThrownBy(() -> TopologyLoader.parse("p.yaml", shipped.replace("/api/catalog/products: 500", "/api/orders: 500")))
                .hasMessageStartingWith("p.yaml:" + lineOf(shipped, "/api/catalog/products: 500") + ": dataCenters[0].components[3].cache./api/orders")
                .hasMessageContaining("under one of the proxy's routes");
        assertThatThrownBy(() -> TopologyLoader.parse("p.yaml", shipped.replace("/api/catalog/products: 500", "/api/catalog/products: 0")))
                .hasMessageContaining("1..3600000 ms, was 0");
        assertThatThrownBy(() -> TopologyLoader.parse("p.yaml", shipped.replace("{ name: redis, kind: redis }",
                "{ name: redis, kind: redis, cache: { /x: 5 } }")))
                .hasMessageContaining("only a reverse proxy caches answers");
    }

    @Test
    void badValuesAreRefused() throws Exception {
        String base = Files.readString(SINGLE_DC);
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("instances: 2", "instances: 0")))
                .hasMessageContaining("instances: 0 is out of range");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("instances: 2", "instances: two")))
                .hasMessageContaining("instances");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("latencyMs: 0.25 }", "latencyMs: -1 }")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", base.replace("name: static,", "name: cdn,")))
                .hasMessageContaining("duplicate component 'cdn'");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "")).hasMessageStartingWith("t.yaml:1:");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", "name: [unclosed")).hasMessageStartingWith("t.yaml:");
        assertThatThrownBy(() -> TopologyLoader.load(Path.of("no/such.yaml"))).hasMessage("no/such.yaml: no such file");
    }

    @Test
    void noRouteReachesTheInternalCalls() throws Exception {
        String base = Files.readString(SINGLE_DC);
        for (String prefix : new String[] {"/internal", "/internal/stock", "/"}) {
            String yaml = base.replace("/api/stock: inventory", prefix + ": inventory");
            assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                    .hasMessageStartingWith("t.yaml:" + lineOf(yaml, prefix + ": inventory") + ": dataCenters[0].components[3].routes."
                            + prefix + ": a route may not reach /internal/");
        }
        assertThat(TopologyLoader.parse("t.yaml", base.replace("/api/stock: inventory", "/internals: inventory")))
                .as("whole segments: /internals is another prefix").isNotNull();
    }

    /** A topology is read only from a regular file of at most 1 MiB: /dev/zero once filled the heap. */
    @Test
    void onlyARegularFileOfAtMostOneMebibyteIsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TopologyLoader.load(Path.of("/dev/zero")))
                .isInstanceOf(TopologyException.class).hasMessage("/dev/zero: not a regular file");
        assertThatThrownBy(() -> TopologyLoader.load(dir)).hasMessage(dir + ": a folder, not a file");
        Path fifo = dir.resolve("fifo.yaml");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) { // opening it would block
            assertThatThrownBy(() -> TopologyLoader.load(fifo)).hasMessage(fifo + ": not a regular file");
        }
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, Files.readString(SINGLE_DC) + "#" + "x".repeat(1 << 20) + "\n");
        assertThatThrownBy(() -> TopologyLoader.load(big)).hasMessage(big + ": larger than 1 MiB");
        Path justFits = dir.resolve("fits.yaml");
        String text = Files.readString(SINGLE_DC);
        Files.writeString(justFits, text + "#" + "x".repeat((1 << 20) - text.length() - 2) + "\n");
        assertThat(Files.size(justFits)).isEqualTo(1 << 20);
        assertThat(TopologyLoader.load(justFits).name()).isEqualTo("single-dc");
    }

    static final Path THREE_CENTERS = Path.of("../topologies/two-site-three-center.yaml");

    @Test
    void threeCentersEachWithTheWholeStackNamedDcSlashName() throws Exception {
        Topology t = TopologyLoader.load(THREE_CENTERS);
        assertThat(t.dataCenters()).extracting(DataCenter::name).containsExactly("dc-a", "dc-b", "dc-c", "internet");
        assertThat(t.placed()).extracting(Placed::id).contains("dc-a/order", "dc-b/redis", "dc-c/db", "provider", "ledger");
        assertThat(t.entryDataCenter().name()).isEqualTo("dc-a");
        Placed orderB = t.placed("dc-b/order").orElseThrow();
        assertThat(t.callee(orderB, ComponentKind.KAFKA)).get().extracting(Placed::id)
                .as("a service calls the stores of its own data center").isEqualTo("dc-b/kafka");
        assertThat(t.callee(orderB, ComponentKind.DATABASE)).get().extracting(Placed::id)
                .as("but writes through the primary's database while its own replicates").isEqualTo("dc-a/db");
        Topology alone = TopologyLoader.parse("t.yaml", withoutReplication(Files.readString(THREE_CENTERS)));
        assertThat(alone.callee(alone.placed("dc-b/order").orElseThrow(), ComponentKind.DATABASE)).get().extracting(Placed::id)
                .as("its own without replication").isEqualTo("dc-b/db");
        assertThat(t.callee(t.placed("dc-c/trade").orElseThrow(), ComponentKind.PAYMENT_PROVIDER)).get()
                .extracting(Placed::id).isEqualTo("provider");
        assertThat(t.link(orderB, t.placed("dc-b/inventory").orElseThrow())).get().extracting(Link::latencyMs)
                .as("a link between plain names applies inside each data center").isEqualTo(0.1);
        assertThat(t.link(orderB, t.placed("dc-a/inventory").orElseThrow())).as("but not across them").isEmpty();
        assertThat(t.link(t.placed("provider").orElseThrow(), t.placed("dc-c/trade").orElseThrow())).isPresent();
        assertThat(t.siteLink("dc-c", "dc-a")).get().extracting(SiteLink::latencyMs).isEqualTo(15.0);
        assertThat(t.component("order")).as("ambiguous without its data center").isEmpty();
        assertThat(t.placed("dc-b/db").orElseThrow().component().isMariaDb()).as("the data centers' databases can replicate").isTrue();
        assertThat(t.placed("ledger").orElseThrow().component().engine()).as("a database's engine defaults to H2").isEqualTo("h2");
    }

    @Test
    void aReplicationThatCannotRunIsRefusedWithFileLineAndField() throws Exception {
        String three = Files.readString(THREE_CENTERS);
        String missing = three.replace("replicas: [dc-b, dc-c]", "replicas: [dc-b, dc-x]");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", missing)).hasMessage("t.yaml:" + lineOf(missing, "replicas: [dc-b, dc-x]")
                + ": replication.replicas[1]: 'dc-x' is not a data center of ours (known: dc-a, dc-b, dc-c)");
        String onH2 = three.replace("mode: async", "mode: semi-sync").replaceFirst("(?s)(name: dc-b.*?)\\{ name: db, kind: database, engine: mariadb \\}",
                "$1{ name: db, kind: database }");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", onH2)).hasMessageMatching("t\\.yaml:\\d+: dataCenters\\[1\\]\\.components\\[11\\]: 'db' runs"
                + " on h2, which cannot replicate \\(semi-sync replication\\): give it engine: mariadb");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("mode: async", "mode: sync")))
                .hasMessageContaining("replication.mode: 'sync' is not one of async, semi-sync");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("primary: dc-a", "primary: internet")))
                .hasMessageContaining("replication.primary: 'internet' is not a data center of ours");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("replicas: [dc-b, dc-c]", "replicas: [dc-b, dc-a]")))
                .hasMessageContaining("replication.replicas[1]: 'dc-a' is named twice");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("  - { between: [dc-a, dc-c], latencyMs: 15 }\n", "")))
                .hasMessageContaining("replication.replicas[1]: no site link joins dc-a and dc-c");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("semiSyncTimeoutMs: 1000", "semiSyncTimeoutMs: 0")))
                .hasMessageContaining("replication.semiSyncTimeoutMs: 0 is out of range 10..60000");
    }

    @Test
    void aDatabaseEngineIsH2OrMariaDbAndOnlyADatabaseHasOne() throws Exception {
        String three = Files.readString(THREE_CENTERS);
        String unknown = three.replaceFirst("engine: mariadb", "engine: mysql");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", unknown))
                .hasMessage("t.yaml:" + lineOf(unknown, "engine: mysql") + ": dataCenters[0].components[11].engine: 'mysql' is not one of h2, mariadb");
        String onRedis = three.replaceFirst("\\{ name: redis, kind: redis \\}", "{ name: redis, kind: redis, engine: h2 }");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", onRedis))
                .hasMessageContaining("dataCenters[0].components[9].engine: only a database has an engine; a redis does not");
    }

    /** The three centers, each on its own: no replication section, so no traffic manager either. */
    static String withoutReplication(String yaml) {
        String cut = yaml.replaceFirst("(?s)\nreplication:\n.*?\n\n", "\n").replaceFirst("(?s)\ntrafficManager:\n.*?\n\n", "\n");
        assertThat(cut).doesNotContain("replication:").doesNotContain("trafficManager:");
        return cut;
    }

    @Test
    void whatTheStackCannotBootIsRefusedWithFileLineAndField() throws Exception {
        String three = withoutReplication(Files.readString(THREE_CENTERS));
        // dc-b loses its Redis while the stock strategy needs one: the inventory there has nothing to call.
        String noRedis = three.replaceFirst("(?s)(name: dc-b.*?)      - \\{ name: redis, kind: redis \\}\n", "$1");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", noRedis))
                .hasMessageMatching("t.yaml:\\d+: dataCenters\\[1\\]\\.components\\[\\d+\\]: the inventory-service 'inventory' calls a redis"
                        + " \\(stock: redis-lua\\) and dc-b has none.*");
        String withCalls = three.replace("{ name: order, kind: order-service }\n      - { name: inventory",
                "{ name: order, kind: order-service, calls: [rdis] }\n      - { name: inventory");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", withCalls))
                .hasMessageStartingWith("t.yaml:" + lineOf(withCalls, "calls: [rdis]") + ": dataCenters[0].components[4].calls[0]: unknown component 'rdis'");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", withCalls.replace("[rdis]", "[dc-b/coupon]")))
                .hasMessageContaining("does not call a coupon-service");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("{ from: trade, to: provider", "{ from: trade, to: dc-b/provider")))
                .hasMessageContaining("links[8].to: unknown component 'dc-b/provider'");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("between: [dc-a, dc-c]", "between: [dc-a, dc-x]")))
                .hasMessageStartingWith("t.yaml:" + lineOf(three, "between: [dc-a, dc-c]") + ": siteLinks[1].between: unknown data center 'dc-x'");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("{ name: db, kind: database, engine: mariadb }", "{ name: db, kind: database, instances: 2 }")))
                .hasMessageContaining("only reverse proxies and services run several instances");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", three.replace("origin: static, upstream: lvs }", "origin: static, upstream: dc-q/lvs }")))
                .hasMessageContaining("upstream: unknown component 'dc-q/lvs'");
        // dc-a's coupon service calls dc-a's database: a link to dc-b's would carry nothing.
        String unused = three.replace("{ from: coupon, to: db", "{ from: dc-a/coupon, to: dc-b/db");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", unused))
                .hasMessage("t.yaml:" + lineOf(unused, "from: dc-a/coupon") + ": links[7]: no connection runs from 'dc-a/coupon'"
                        + " to 'dc-b/db' (a service calls the stores of its own data center unless its calls name others)");
        String called = unused.replaceFirst("\\{ name: coupon, kind: coupon-service \\}", "{ name: coupon, kind: coupon-service, calls: [dc-b/db] }");
        assertThat(TopologyLoader.parse("t.yaml", called).callee(TopologyLoader.parse("t.yaml", called).placed("dc-a/coupon").orElseThrow(),
                ComponentKind.DATABASE)).get().extracting(Placed::id).isEqualTo("dc-b/db");
    }

    @Test
    void protectionRulesAreReadAndTheirMistakesNamedWithFileLineAndField() throws Exception {
        String three = Files.readString(THREE_CENTERS);
        Protection p = TopologyLoader.parse("t.yaml", three).protection();
        assertThat(p.buy().concurrency()).isPositive();
        assertThat(p.productDetail().breakSeconds()).isPositive();
        String zero = three.replace("buy: { qps: 300,", "buy: { qps: 0,");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", zero))
                .hasMessage("t.yaml:" + lineOf(zero, "buy: { qps: 0,") + ": protection.buy.qps: 0 is out of range 1..1000000");
        String ratio = three.replace("slowRatio: 0.5", "slowRatio: 1.5");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", ratio)).hasMessageContaining("protection.productDetail.slowRatio: 1.5 is out of range (0, 1]");
        String operator = three.replace("leaseMs: 1000", "leaseMs: 1000\n  operatorDelayMs: -5");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", operator))
                .hasMessage("t.yaml:" + lineOf(operator, "operatorDelayMs: -5") + ": trafficManager.operatorDelayMs: -5 is out of range 0..3600000");
        String typo = three.replace("pay: { qps: 300,", "pay: { qsp: 300,");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", typo)).hasMessageContaining("qsp");
        String none = three.replaceFirst("(?s)\nprotection:\n.*?\n\n", "\n")
                .replace("payment-guard: optimistic", "payment-guard: optimistic\n  protection: degrade-limit");
        assertThat(none).doesNotContain("productDetail");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", none))
                .hasMessageStartingWith("t.yaml:" + lineOf(none, "protection: degrade-limit") + ": strategies.protection: degrade-limit applies the topology's protection rules, and it has none");
    }

    @Test
    void aReferenceThatCouldMeanTwoComponentsIsRefused() throws Exception {
        String three = Files.readString(THREE_CENTERS);
        // The provider is outside every data center: a plain "trade" there could be any data center's.
        String yaml = three.replace("- { name: provider, kind: payment-provider }",
                "- { name: provider, kind: payment-provider }\n      - { name: edge, kind: lvs, upstream: proxy }");
        assertThatThrownBy(() -> TopologyLoader.parse("t.yaml", yaml))
                .hasMessageContaining("upstream: 'proxy' is ambiguous (dc-a/proxy, dc-b/proxy, dc-c/proxy): write dc/name");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in text");
    }
}
