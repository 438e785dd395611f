package shoplab.scenarios.payment.checks;

import shoplab.checks.Verdict;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The trade service must refuse forged payment notices (bad signature or an amount that is not the
 * order's): accepting one ships goods nobody paid for. Each accepted forgery counts; examples ordered
 * by acceptance time.
 */
public final class NoForgedAccepted implements PaymentChecker {

    public static final String NAME = "no-forged-accepted";

    @Override
    public String name() {
        return NAME;
    }

    /** Sound on a run so far: an accepted notice stays accepted. */
    @Override
    public boolean soundOnPrefix() {
        return true;
    }

    @Override
    public Verdict check(TradeState state) {
        List<AcceptedNotice> forged = state.acceptedNotices().stream()
                .filter(AcceptedNotice::forged)
                .sorted(Comparator.comparingLong(AcceptedNotice::atMs))
                .toList();
        List<String> examples = forged.stream()
                .map(n -> "forged notice " + n.noticeId() + " for order " + n.orderId() + " was accepted at "
                        + Texts.seconds(n.atMs()))
                .toList();
        return new Verdict(NAME, forged.isEmpty(), forged.size(), examples,
                Map.of(PaymentFigures.FORGED_ACCEPTED, (double) forged.size()));
    }
}
