package shoplab.services.product.catalog;

import org.springframework.http.HttpStatus;
import shoplab.services.common.Amounts;
import shoplab.services.common.ApiError;

/**
 * A product's price types, as the merchant sets them, and how the price a buyer pays is computed from them:
 * the promotion price while there is one, else the list price; a member pays the member price when it is
 * lower still.
 *
 * @param listCents      the list price, always set
 * @param promotionCents the promotion price, or null; never above the list price
 * @param memberCents    the member price, or null; never above the list price
 */
public record Prices(long listCents, Long promotionCents, Long memberCents) {

    /** What a buyer who is not a member pays. */
    public long priceCents() {
        return promotionCents == null ? listCents : Math.min(listCents, promotionCents);
    }

    /** What a member pays. */
    public long memberPriceCents() {
        return memberCents == null ? priceCents() : Math.min(priceCents(), memberCents);
    }

    /** The merchant's input, checked: a 400 names the field, and nothing is written. */
    public static Prices of(Long list, Long promotion, Long member) {
        if (list == null) {
            throw bad("MISSING_LIST_PRICE", "listCents is required");
        }
        check("listCents", list);
        if (promotion != null) {
            check("promotionCents", promotion);
            if (promotion > list) {
                throw bad("INVALID_PRICE", "promotionCents (" + promotion + ") is above listCents (" + list + ")");
            }
        }
        if (member != null) {
            check("memberCents", member);
            if (member > list) {
                throw bad("INVALID_PRICE", "memberCents (" + member + ") is above listCents (" + list + ")");
            }
        }
        return new Prices(list, promotion, member);
    }

    private static void check(String field, long cents) {
        if (cents <= 0 || cents > Amounts.MAX_CENTS) {
            throw bad("INVALID_PRICE", field + " must be 1.." + Amounts.MAX_CENTS + " cents, was " + cents);
        }
    }

    private static ApiError.Rejected bad(String code, String message) {
        return new ApiError.Rejected(HttpStatus.BAD_REQUEST, code, message);
    }
}
