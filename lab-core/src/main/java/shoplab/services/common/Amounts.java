package shoplab.services.common;

import org.springframework.http.HttpStatus;
import shoplab.domain.trade.Money;

/** Amount checks shared by the services: integer cents, present, within a business ceiling. */
public final class Amounts {

    /**
     * The largest single amount any service accepts: 100,000,000.00, Alipay's ceiling for one transaction.
     * Far below {@code Long.MAX_VALUE}, so sums of a few such amounts cannot overflow either.
     */
    public static final long MAX_CENTS = 10_000_000_000L;

    private Amounts() {
    }

    /** A positive amount of at most {@link #MAX_CENTS}. */
    public static Money requirePositive(String field, Long cents) {
        Money m = require(field, cents);
        if (m.cents() == 0) {
            throw invalid(field, field + " must be more than 0, was 0");
        }
        return m;
    }

    /** A non-negative amount of at most {@link #MAX_CENTS}. */
    public static Money require(String field, Long cents) {
        if (cents == null) {
            throw new ApiError.Rejected(HttpStatus.BAD_REQUEST, "MISSING_" + code(field), field + " is required");
        }
        if (cents < 0) {
            throw invalid(field, field + " cannot be negative, was " + cents);
        }
        if (cents > MAX_CENTS) {
            throw invalid(field, field + " is beyond the ceiling of " + MAX_CENTS + " cents, was " + cents);
        }
        return Money.of(cents);
    }

    private static ApiError.Rejected invalid(String field, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, "INVALID_" + code(field), message);
    }

    /** {@code amountCents} -> {@code AMOUNT_CENTS}. */
    private static String code(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    }
}
