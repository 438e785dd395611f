package shoplab.stack;

import shoplab.services.inventory.InventoryApp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The static site's files: one sale page per SKU plus the script and style it loads. */
final class StaticContent {

    private StaticContent() {
    }

    static void write(Path root, String skus) throws IOException {
        Files.createDirectories(root.resolve("sale"));
        Files.createDirectories(root.resolve("static"));
        Files.writeString(root.resolve("static/app.js"), "// flash sale client\nfunction buy(sku){return fetch('/api/orders',{method:'POST'});}\n");
        Files.writeString(root.resolve("static/style.css"), "body{font-family:sans-serif}\n");
        for (String sku : InventoryApp.parseSkus(skus).keySet()) {
            Files.writeString(root.resolve("sale/" + sku + ".html"), """
                    <!doctype html><html><head><title>Flash sale %1$s</title>
                    <link rel="stylesheet" href="/static/style.css"><script src="/static/app.js"></script></head>
                    <body><h1>Flash sale: %1$s</h1><button onclick="buy('%1$s')">Buy now</button></body></html>
                    """.formatted(sku));
        }
    }
}
