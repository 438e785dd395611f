package shoplab.topology;

/**
 * The services' protection rules (the note's "degrade, rate limit"), per service instance: core writes over
 * their limit are shed at once (429 and Retry-After) instead of queueing into a timeout; the non-core read
 * over its limit, or slow, answers from its cached or static fallback (degraded). Applied when the
 * {@code protection} mechanism's strategy is {@code degrade-limit}; the rules are the topology's, the
 * implementation Sentinel's.
 *
 * @param buy           placing an order ({@code POST /api/orders}): core
 * @param pay           paying one ({@code POST /api/orders/{id}/pay}): core
 * @param productDetail the product page's data ({@code GET /api/products/{sku}}, price and units sold): non-core
 */
public record Protection(Limit buy, Limit pay, Degrade productDetail) {

    /**
     * A core path's limits; a null figure sets no rule.
     *
     * @param qps         admitted requests per second (Sentinel flow rule, QPS grade)
     * @param concurrency requests handled at once (flow rule, thread grade): the queue a slow moment builds
     * @param perUserQps  admitted requests per second per user (hot-parameter rule on the user)
     * @param perSkuQps   admitted requests per second per SKU (hot-parameter rule on the SKU: one hot item
     *                    cannot take the whole path)
     */
    public record Limit(Integer qps, Integer concurrency, Integer perUserQps, Integer perSkuQps) {
    }

    /**
     * A non-core read's degrade rules; a null figure sets no rule.
     *
     * @param qps       full answers per second; beyond it, the fallback
     * @param slowMs    an answer slower than this counts as slow (degrade rule, slow-ratio grade)
     * @param slowRatio the share of slow answers in a second (at least 5 requests) that opens the breaker
     * @param breakSeconds how long the breaker stays open (Sentinel counts it in whole seconds): every answer the
     *                  fallback meanwhile
     */
    public record Degrade(Integer qps, Integer slowMs, Double slowRatio, Integer breakSeconds) {
    }
}
