package shoplab.topology;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a component of the architecture is; the topology file spells these in kebab case. */
public enum ComponentKind {
    @JsonProperty("cdn") CDN,
    @JsonProperty("static-site") STATIC_SITE,
    @JsonProperty("lvs") LVS,
    @JsonProperty("reverse-proxy") REVERSE_PROXY,
    @JsonProperty("inventory-service") INVENTORY_SERVICE,
    @JsonProperty("order-service") ORDER_SERVICE,
    @JsonProperty("trade-service") TRADE_SERVICE,
    @JsonProperty("product-service") PRODUCT_SERVICE,
    @JsonProperty("coupon-service") COUPON_SERVICE,
    /** Alipay / WeChat Pay: outside every data center of ours (a data center of role {@code external}). */
    @JsonProperty("payment-provider") PAYMENT_PROVIDER,
    @JsonProperty("redis") REDIS,
    @JsonProperty("kafka") KAFKA,
    @JsonProperty("database") DATABASE;

    public String yamlName() {
        return name().toLowerCase().replace('_', '-');
    }
}
