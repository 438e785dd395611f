package shoplab.scenarios.flashsale.checks;

import shoplab.checks.CheckInput;
import shoplab.history.Op;
import shoplab.history.Outcome;
import shoplab.history.Sample;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sale's figures read from its history rather than judged: who got the units (bots or buyers), whom the
 * defences turned away, how read-heavy the load was, and what a buy cost the databases.
 */
public final class SaleFigures {

    /** The answers of a defence (never of the stock): a buyer refused by one was turned away as a suspect. */
    static final Set<String> DEFENCE_REFUSALS = Set.of("BLACKLISTED", "NO_SALE_TOKEN", "TOO_MANY_ATTEMPTS");

    private SaleFigures() {
    }

    /**
     * @param botPrefix the user ids of bots start with it
     * @param reads     the history's reads (the page, the stock, the token)
     */
    public static Map<String, Number> of(CheckInput run, String botPrefix, Set<String> reads) {
        Map<String, Number> f = new LinkedHashMap<>();
        long acknowledged = 0;
        long byBots = 0;
        boolean bots = false;
        boolean refusals = false;
        long readOps = 0;
        long writeOps = 0;
        long buys = 0;
        Set<String> seenFirst = new HashSet<>();
        Set<String> honestRefused = new HashSet<>();
        long firstBuy = Long.MAX_VALUE;
        long lastBuy = Long.MIN_VALUE;
        for (Op op : run.ops()) {
            boolean bot = op.user() != null && op.user().startsWith(botPrefix);
            bots |= bot;
            if (reads.contains(op.f())) {
                readOps++;
            } else if (op.f().equals(Op.BUY) || op.f().equals(Op.PAY)) {
                writeOps++;
            }
            if (!op.f().equals(Op.BUY)) {
                continue;
            }
            buys++;
            firstBuy = Math.min(firstBuy, op.startMs());
            lastBuy = Math.max(lastBuy, op.endMs());
            boolean refused = op.error() != null && DEFENCE_REFUSALS.contains(op.error());
            refusals |= refused;
            if (op.outcome() == Outcome.OK) {
                acknowledged++;
                byBots += bot ? 1 : 0;
            }
            if (!bot && op.user() != null && seenFirst.add(op.user()) && refused) {
                honestRefused.add(op.user()); // turned away on the first try: the defence cost a buyer the chance
            }
        }
        if (bots || refusals) {
            f.put(StockFigures.BOT_UNIT_SHARE, acknowledged == 0 ? 0.0 : (double) byBots / acknowledged);
            f.put(StockFigures.HONEST_REFUSED, honestRefused.size());
        }
        if (writeOps > 0) {
            f.put(StockFigures.READS_PER_WRITE, (double) readOps / writeOps);
        }
        Double statements = statementsBetween(run.samples(), firstBuy, lastBuy);
        if (statements != null && buys > 0) {
            f.put(StockFigures.DB_QUERIES_PER_BUY, statements / buys);
        }
        return f;
    }

    /**
     * The statements the services sent their databases from before the first buy to after the last: the
     * last sample at or before the first buy's start, and the first at or after the last buy's end.
     */
    static Double statementsBetween(List<Sample> samples, long from, long to) {
        Double before = null;
        Double after = null;
        for (Sample s : samples) {
            Double v = s.values().get(Sample.DB_STATEMENTS);
            if (v == null) {
                continue;
            }
            if (s.atMs() <= from) {
                before = v;
            } else if (s.atMs() >= to && after == null) {
                after = v;
            }
        }
        return before == null || after == null ? null : after - before;
    }
}
