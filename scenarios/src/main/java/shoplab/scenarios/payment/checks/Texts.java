package shoplab.scenarios.payment.checks;

import shoplab.domain.trade.Money;

import java.util.Locale;

/** Small wording helpers shared by the payment checkers' examples. */
final class Texts {

    private Texts() {
    }

    /** Lab-clock milliseconds as seconds, e.g. {@code 1.234 s}. */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    /** "once", "twice", "3 times". */
    static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    static String money(long cents) {
        return Money.of(cents).toString();
    }

    /** An example with the time it happened at, so examples can be sorted first-first. */
    record Example(long atMs, String text) {
    }
}
