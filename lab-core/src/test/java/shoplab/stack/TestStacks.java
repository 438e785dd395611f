package shoplab.stack;

import shoplab.services.inventory.InventoryApp;
import shoplab.services.order.OrderApp;
import shoplab.services.product.ProductApp;
import shoplab.topology.ComponentKind;

import java.io.IOException;
import java.nio.file.Files;

/** The options lab-core's tests boot stacks with: the order path selling some SKUs, a sale page for sku-1. */
public final class TestStacks {

    private TestStacks() {
    }

    /** The shipped three centers, without the traffic manager (users enter at dc-a's CDN; no lease, no switch). */
    public static shoplab.topology.Topology threeCentersWithoutTrafficManager() throws IOException {
        String yaml = Files.readString(java.nio.file.Path.of("../topologies/two-site-three-center.yaml"));
        String cut = yaml.replaceFirst("(?s)\ntrafficManager:\n.*?\n\n", "\n");
        if (cut.contains("trafficManager:")) {
            throw new IllegalStateException("the trafficManager section moved: update TestStacks");
        }
        return shoplab.topology.TopologyLoader.parse("two-site-three-center.yaml", cut);
    }

    public static StackOptions sale(String skus, int perUserLimit, long holdMillis) throws IOException {
        return saleBuilder(skus, perUserLimit, holdMillis).build();
    }

    /** Every service of the architecture: the order path, and the trade side with its provider. */
    public static StackOptions everyService() throws IOException {
        return saleBuilder("sku-1:5", 1, 60_000).services(ComponentKind.PRODUCT_SERVICE, ComponentKind.COUPON_SERVICE,
                ComponentKind.PAYMENT_PROVIDER, ComponentKind.TRADE_SERVICE)
                .set(ComponentKind.PRODUCT_SERVICE, ProductApp.PRICES, "sku-1:1999").build();
    }

    private static StackOptions.Builder saleBuilder(String skus, int perUserLimit, long holdMillis) throws IOException {
        return StackOptions.in(Files.createTempDirectory("shoplab-"))
                .services(ComponentKind.INVENTORY_SERVICE, ComponentKind.ORDER_SERVICE)
                .set(ComponentKind.INVENTORY_SERVICE, InventoryApp.SKUS, skus)
                .set(ComponentKind.INVENTORY_SERVICE, InventoryApp.PER_USER_LIMIT, perUserLimit)
                .set(ComponentKind.ORDER_SERVICE, OrderApp.PER_USER_LIMIT, perUserLimit)
                .set(ComponentKind.ORDER_SERVICE, OrderApp.HOLD_MILLIS, holdMillis)
                .file("sale/sku-1.html", "<!doctype html><title>sku-1</title>");
    }
}
