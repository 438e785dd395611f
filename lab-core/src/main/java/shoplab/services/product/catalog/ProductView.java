package shoplab.services.product.catalog;

/**
 * One product as a read answers it and as every cache layer keeps it: base info, the price types and the
 * prices computed from them, the detail, and the version of the database row it was read from (what the lab
 * judges a read's freshness by).
 */
public record ProductView(String sku, String name, String merchant, long categoryId, String brand,
                          long listCents, Long promotionCents, Long memberCents, long priceCents, long memberPriceCents,
                          String detail, long version) {

    static ProductView of(String sku, String name, String merchant, long categoryId, String brand, Prices p,
                          String detail, long version) {
        return new ProductView(sku, name, merchant, categoryId, brand, p.listCents(), p.promotionCents(), p.memberCents(),
                p.priceCents(), p.memberPriceCents(), detail, version);
    }

    Prices prices() {
        return new Prices(listCents, promotionCents, memberCents);
    }

    /** This product with other prices, one version on: what cache-before-db writes before it asks the database. */
    ProductView withPrices(Prices p, long newVersion) {
        return of(sku, name, merchant, categoryId, brand, p, detail, newVersion);
    }

    ProductView withDetail(String newDetail, long newVersion) {
        return of(sku, name, merchant, categoryId, brand, prices(), newDetail, newVersion);
    }
}
