package shoplab.scenarios.productcache.checks;

import org.junit.jupiter.api.Test;
import shoplab.checks.CheckInput;
import shoplab.checks.FinalState;
import shoplab.checks.Verdict;
import shoplab.history.Op;
import shoplab.history.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each checker on hand-written histories: one with the violation it exists for, one without. */
class CatalogCheckersTest {

    private static Op change(String sku, long endMs, long version, long price) {
        return new Op(Freshness.CHANGE, Outcome.OK, endMs - 5, endMs, "m-1", sku, null, 200, null, null, null, null,
                Map.of(Freshness.VERSION, "" + version, Freshness.PRICE, "" + price));
    }

    private static Op refused(String sku, long endMs) {
        return new Op(Freshness.CHANGE, Outcome.FAIL, endMs - 5, endMs, "m-2", sku, null, 409, "VERSION_CONFLICT", null, null, null, Map.of());
    }

    private static Op read(String sku, long startMs, long version, long price, String from) {
        return new Op(Freshness.READ, Outcome.OK, startMs, startMs + 2, "u-1", sku, null, 200, null, null, null, null,
                Map.of(Freshness.VERSION, "" + version, Freshness.PRICE, "" + price, Freshness.FROM, from));
    }

    private static CatalogState state(long promise, List<CatalogState.Diverged> diverged, CatalogState.Row... rows) {
        return new CatalogState("test", promise, 1000, List.of(rows), diverged, 10, 5, 5, 5, 5, true, 100,
                new CatalogState.Edge(500, 1, 1, 1, 1));
    }

    private static Verdict run(shoplab.checks.Checker c, List<Op> ops, CatalogState s, boolean quiet) {
        return c.check(new CheckInput(ops, List.of(), List.of(), new FinalState(quiet, s)));
    }

    @Test
    void aReadBehindAnAnsweredChangeIsStaleByHowLongAgoItWasAnswered() {
        List<Op> ops = List.of(change("p-1", 1000, 2, 500), read("p-1", 900, 1, 700, "redis"),
                read("p-1", 1300, 1, 700, "redis"), read("p-1", 1400, 2, 500, "db"), read("p-1", 3000, 1, 700, "local"));
        CatalogState s = state(400, List.of(), new CatalogState.Row("p-1", 2, 500));
        Verdict v = run(new StalenessWithinPromise(), ops, s, true);
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).as("300 ms is within 400; 2,000 ms is not").isEqualTo(1);
        assertThat(v.examples().get(0)).startsWith("read of p-1 at 3.0 s (from local) saw version 1 at 7.00: 2,000 ms");
        assertThat(v.figures()).containsEntry(CacheFigures.READS, 4.0).containsEntry(CacheFigures.STALE_SHARE, 0.5)
                .containsEntry(CacheFigures.STALE_MAX_MS, 2000.0).containsEntry(CacheFigures.STALE_MAX_MS + ".redis", 300.0);
        assertThat(run(new StalenessWithinPromise(), ops, state(5000, List.of(), new CatalogState.Row("p-1", 2, 500)), true).valid()).isTrue();
    }

    @Test
    void aPageTheProxyKeptIsAllowedItsTtlOnTopOfThePromise() {
        List<Op> ops = List.of(change("p-1", 1000, 2, 500), read("p-1", 1700, 1, 700, StalenessWithinPromise.PROXY),
                read("p-1", 2000, 1, 700, StalenessWithinPromise.PROXY), read("p-1", 1700, 1, 700, "redis"));
        Verdict v = run(new StalenessWithinPromise(), ops, state(400, List.of(), new CatalogState.Row("p-1", 2, 500)), true);
        assertThat(v.violations()).as("700 ms from the proxy is within 400 + 500; 1,000 is not, nor 700 from Redis").isEqualTo(2);
        assertThat(v.examples()).anyMatch(e -> e.startsWith("read of p-1 at 2.0 s (from proxy)") && e.endsWith("promises 900 ms (with the proxy's keeping)"));
        List<Op> client = List.of(change("p-1", 1000, 2, 500), read("p-1", 2800, 1, 700, StalenessWithinPromise.CLIENT),
                read("p-1", 3000, 1, 700, StalenessWithinPromise.CLIENT));
        Verdict c = run(new StalenessWithinPromise(), client, state(400, List.of(), new CatalogState.Row("p-1", 2, 500)), true);
        assertThat(c.violations()).as("the client's copy: 400 + 500 (the proxy's) + 1,000 (its max-age); 1,800 ms passes, 2,000 not").isEqualTo(1);
    }

    @Test
    void aRefusedChangeIsNoNewerVersionAndAReadBeforeAnyAnswerIsFresh() {
        List<Op> ops = List.of(refused("p-1", 1000), read("p-1", 2000, 1, 700, "redis"));
        assertThat(run(new StalenessWithinPromise(), ops, state(0, List.of(), new CatalogState.Row("p-1", 1, 700)), true).valid()).isTrue();
    }

    @Test
    void aPriceTheDatabaseNeverHadAtThatVersionIsAPhantom() {
        List<Op> ops = new ArrayList<>(List.of(change("p-1", 1000, 2, 500),
                read("p-1", 1500, 2, 450, "redis"), // cache-before-db: the loser's price under the winner's version
                read("p-1", 1600, 3, 420, "redis"), // a version the database never reached
                read("p-1", 1700, 2, 500, "db")));
        CatalogState s = state(1000, List.of(), new CatalogState.Row("p-1", 2, 500));
        Verdict v = run(new PricesWereReal(), ops, s, true);
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(2);
        assertThat(v.examples()).containsExactly(
                "read of p-1 at 1.5 s (from redis) saw version 2 at 4.50: price 4.50 at version 2, which the database committed at 5.00",
                "read of p-1 at 1.6 s (from redis) saw version 3 at 4.20: version 3 the database never had (it ended at 2)");
        assertThat(run(new PricesWereReal(), ops.subList(0, 1), s, true).valid()).isTrue();
    }

    private static Op checkout(String sku, long startMs, long version, long charged) {
        return new Op(Freshness.CHECKOUT, Outcome.OK, startMs, startMs + 5, "u-2", sku, "c-" + startMs, 201, null, null, null, null,
                Map.of(Freshness.VERSION, "" + version, Freshness.PRICE, "" + charged));
    }

    @Test
    void aCheckoutChargedAVersionAlreadyOvertakenOrAPriceThatNeverWasIsNamed() {
        CatalogState s = state(5000, List.of(), new CatalogState.Row("p-1", 2, 500));
        List<Op> fine = List.of(change("p-1", 1000, 2, 500), checkout("p-1", 900, 1, 700), checkout("p-1", 1200, 2, 500));
        assertThat(run(new ChargedTheCheckoutPrice(), fine, s, true).valid()).as("no staleness allowed, and none here").isTrue();
        List<Op> wrong = List.of(change("p-1", 1000, 2, 500), checkout("p-1", 1300, 1, 700), checkout("p-1", 1400, 2, 450));
        Verdict v = run(new ChargedTheCheckoutPrice(), wrong, s, true);
        assertThat(v.valid()).isFalse();
        assertThat(v.examples()).containsExactly(
                "checkout of p-1 at 1.3 s charged 7.00 for version 1: a newer version had been answered 300 ms before",
                "checkout of p-1 at 1.4 s charged 4.50 for version 2: price 4.50 at version 2, which the database committed at 5.00");
        assertThat(v.figures()).containsEntry(ChargedTheCheckoutPrice.CHECKOUTS, 2.0).containsEntry(ChargedTheCheckoutPrice.WRONG_CHARGES, 2.0);
    }

    @Test
    void aCopyThatDiffersWithNoExpiryNeverHeals() {
        CatalogState.Diverged forever = new CatalogState.Diverged("p-1", 3, 500, 2, 450, false);
        CatalogState.Diverged expiring = new CatalogState.Diverged("p-2", 3, 500, 2, 450, true);
        Verdict v = run(new CachesHeal(), List.of(), state(0, List.of(forever, expiring)), true);
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly("p-1: Redis holds version 2 at 4.50 with no expiry; the database has version 3 at 5.00");
        assertThat(run(new CachesHeal(), List.of(), state(0, List.of(expiring)), true).valid()).isTrue();
        assertThat(run(new CachesHeal(), List.of(), state(0, List.of()), false).valid()).as("a stack still moving is not judged").isFalse();
    }

    private static shoplab.history.Sample counted(long atMs, double reads) {
        return new shoplab.history.Sample(atMs, Map.of(DatabaseWithinLimit.DB_READS, reads));
    }

    @Test
    void aSecondWithMoreDatabaseReadsThanTheLimitIsNamed() {
        CatalogState s = state(0, List.of()); // limit 100/s: up to 130 a second passes (the limiter's window, the sampling)
        List<shoplab.history.Sample> calm = List.of(counted(0, 0), counted(250, 25), counted(500, 50), counted(1000, 100),
                counted(2000, 220), counted(3000, 330));
        Verdict ok = new DatabaseWithinLimit().check(new CheckInput(List.of(), List.of(), calm, new FinalState(true, s)));
        assertThat(ok.valid()).as(ok.examples().toString()).isTrue();
        assertThat(ok.figures().get(DatabaseWithinLimit.MAX_QPS)).isEqualTo(120.0);
        List<shoplab.history.Sample> storm = List.of(counted(0, 0), counted(1000, 100), counted(2000, 600), counted(3000, 700));
        Verdict v = new DatabaseWithinLimit().check(new CheckInput(List.of(), List.of(), storm, new FinalState(true, s)));
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isEqualTo(1);
        assertThat(v.examples()).containsExactly("500 database reads a second from 1.0 s to 2.0 s; the limit is 100/s");
    }

    @Test
    void noStateIsAViolationNeverAPass() {
        for (var c : CatalogCheckers.all()) {
            Verdict v = c.check(new CheckInput(List.of(), List.of(), List.of(), null));
            assertThat(v.valid()).as(c.name()).isFalse();
        }
    }
}
