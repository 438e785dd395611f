package shoplab.services.payment;

import java.util.Random;

/**
 * How badly the provider behaves, like the real ones under load: per payment, with the given
 * probabilities, it fails the payment, holds the notice back, repeats it, fires copies concurrently,
 * sends an older FAIL after the SUCCESS, and sends a forged notice. Decisions are seeded per payment
 * (seed and merchant order id), so a run replays the same storm whatever order requests arrive in.
 *
 * @param seed            the run's seed
 * @param failRate        probability the payment fails (a FAIL notice; no money taken)
 * @param lateRate        probability the notice's first delivery waits {@code lateMs}
 * @param lateMs          how long a late notice waits, lab milliseconds (not scaled: set it past the order timeout)
 * @param duplicateRate   probability the notice is sent {@code duplicateCount} more times, one after another
 * @param duplicateCount  extra copies of a duplicated notice
 * @param concurrentRate  probability {@code concurrentCount} copies are fired at the same instant
 * @param concurrentCount copies in a concurrent burst
 * @param outOfOrderRate  probability a successful payment is followed by an older FAIL notice
 * @param forgedRate      probability a forged SUCCESS notice is sent for the payment
 */
public record Storm(long seed, double failRate, double lateRate, long lateMs, double duplicateRate, int duplicateCount,
                    double concurrentRate, int concurrentCount, double outOfOrderRate, double forgedRate) {

    /** Copies per duplicate or burst, and the longest hold, the provider accepts. */
    public static final int MAX_COPIES = 16;
    public static final long MAX_LATE_MS = 600_000;

    /** A well-behaved provider. */
    public static final Storm CALM = new Storm(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Storm {
        rate("failRate", failRate);
        rate("lateRate", lateRate);
        rate("duplicateRate", duplicateRate);
        rate("concurrentRate", concurrentRate);
        rate("outOfOrderRate", outOfOrderRate);
        rate("forgedRate", forgedRate);
        bounded("lateMs", lateMs, lateRate, 1, MAX_LATE_MS);
        bounded("duplicateCount", duplicateCount, duplicateRate, 1, MAX_COPIES);
        bounded("concurrentCount", concurrentCount, concurrentRate, 2, MAX_COPIES);
    }

    /** What the storm does to one payment. */
    public record Decision(boolean fail, boolean late, int duplicates, int concurrent, boolean outOfOrder, Forgery forgery) {
    }

    /** The decision for the payment {@code outTradeNo} of {@code merchantId}; the same for the same inputs. */
    public Decision decide(String merchantId, String outTradeNo) {
        Random r = new Random(seed ^ (merchantId + "/" + outTradeNo).hashCode() * 0x9E3779B97F4A7C15L);
        // Every draw is always made, in this order, so changing one rate never reshuffles the others.
        boolean fail = r.nextDouble() < failRate;
        boolean late = r.nextDouble() < lateRate;
        boolean duplicate = r.nextDouble() < duplicateRate;
        boolean concurrent = r.nextDouble() < concurrentRate;
        boolean outOfOrder = r.nextDouble() < outOfOrderRate;
        boolean forged = r.nextDouble() < forgedRate;
        Forgery how = Forgery.values()[1 + r.nextInt(Forgery.values().length - 1)];
        return new Decision(fail, late, duplicate ? duplicateCount : 0, concurrent ? concurrentCount : 0,
                outOfOrder && !fail, forged ? how : Forgery.NONE);
    }

    private static void rate(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability 0..1, was " + p);
        }
    }

    /** {@code value} within min..max when its rate is on, within 0..max when off. */
    private static void bounded(String name, long value, double rate, long min, long max) {
        long low = rate > 0 ? min : 0;
        if (value < low || value > max) {
            throw new IllegalArgumentException(name + " must be " + low + ".." + max
                    + (rate > 0 ? " when its rate is above 0" : "") + ", was " + value);
        }
    }
}
