package shoplab.domain.trade;

/**
 * An amount of money in integer cents, never negative. Prices and charges are compared exactly, so no
 * floating point; arithmetic that would overflow a {@code long} or go below zero throws instead of
 * wrapping around silently.
 *
 * @param cents the amount in cents, {@code >= 0}
 */
public record Money(long cents) {

    public static final Money ZERO = new Money(0);

    public Money {
        if (cents < 0) {
            throw new IllegalArgumentException("money cannot be negative: " + cents + " cents");
        }
    }

    public static Money of(long cents) {
        return new Money(cents);
    }

    public Money plus(Money other) {
        try {
            return new Money(Math.addExact(cents, other.cents));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("money overflow: " + this + " + " + other, e);
        }
    }

    /** {@code this - other}; the result must not be negative. */
    public Money minus(Money other) {
        long result = Math.subtractExact(cents, other.cents); // both >= 0: cannot overflow
        if (result < 0) {
            throw new IllegalArgumentException("money cannot go negative: " + this + " - " + other);
        }
        return new Money(result);
    }

    /** The amount of {@code qty} units at this unit price; {@code qty} must not be negative. */
    public Money times(int qty) {
        if (qty < 0) {
            throw new IllegalArgumentException("quantity cannot be negative: " + qty);
        }
        try {
            return new Money(Math.multiplyExact(cents, (long) qty));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("money overflow: " + this + " x " + qty, e);
        }
    }

    /** Units and two-digit cents, e.g. {@code 12.34}, {@code 0.05}. */
    @Override
    public String toString() {
        return (cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + (cents % 100);
    }
}
