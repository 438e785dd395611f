package shoplab.scenarios.flashsale;

import shoplab.run.ServiceJson;
import shoplab.stack.Stack;
import shoplab.services.inventory.InventoryApp;
import shoplab.services.order.OrderApp;
import shoplab.stack.StackOptions;
import shoplab.topology.ComponentKind;

import java.nio.file.Path;

/**
 * The stack every sale needs: the inventory and order services with the SKUs on sale, the per-user limit
 * and the hold time, and the static site's sale page per SKU (with the script and style it loads).
 */
public final class SaleStack {

    private SaleStack() {
    }

    /** @param skus {@code sku:stock,...} */
    public static StackOptions.Builder of(Path workDir, String skus, int perUserLimit, long holdMillis) {
        StackOptions.Builder b = StackOptions.in(workDir)
                .services(ComponentKind.INVENTORY_SERVICE, ComponentKind.ORDER_SERVICE)
                .set(ComponentKind.INVENTORY_SERVICE, InventoryApp.SKUS, skus)
                .set(ComponentKind.INVENTORY_SERVICE, InventoryApp.PER_USER_LIMIT, perUserLimit)
                .set(ComponentKind.ORDER_SERVICE, OrderApp.PER_USER_LIMIT, perUserLimit) // the queued path checks it there
                .set(ComponentKind.ORDER_SERVICE, OrderApp.HOLD_MILLIS, holdMillis)
                .file("static/app.js", "// flash sale client\nfunction buy(sku){return fetch('/api/orders',{method:'POST'});}\n")
                .file("static/style.css", "body{font-family:sans-serif}\n");
        for (String sku : InventoryApp.parseSkus(skus).keySet()) {
            b.file("sale/" + sku + ".html", """
                    <!doctype html><html><head><title>Flash sale %1$s</title>
                    <link rel="stylesheet" href="/static/style.css"><script src="/static/app.js"></script></head>
                    <body><h1>Flash sale: %1$s</h1><button onclick="buy('%1$s')">Buy now</button></body></html>
                    """.formatted(sku));
        }
        return b;
    }

    /**
     * After a failover (a data center's, or its Redis primary's), before buyers come back: the inventory (its
     * database and Redis, the admission gate) is rebuilt from the order database, the arbiter of what was
     * sold. Stock changes a lost data center's queue never delivered are gone, and a promoted Redis replica
     * misses the primary's last deductions; without this the stock counts units twice or never. A sale's
     * scenario registers it as its after-switch step (not one whose orders are the trade service's).
     */
    public static void rebuildStock(Stack stack) throws Exception {
        ServiceJson http = new ServiceJson();
        var live = http.get(stack.serviceUrl(ComponentKind.ORDER_SERVICE) + "/internal/orders/live").path("skus");
        http.post(stack.serviceUrl(ComponentKind.INVENTORY_SERVICE) + "/internal/failover/stock/reconcile", live);
    }
}
