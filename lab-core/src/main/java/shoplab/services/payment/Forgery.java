package shoplab.services.payment;

/** How a forged notice fails verification. Each claims SUCCESS, so accepting one ships unpaid goods. */
public enum Forgery {
    NONE,
    /** The genuine fields with a tampered signature (a well-formed value that does not verify). */
    BAD_SIGNATURE,
    /** The amount lowered to 1 cent and signed with a key that is not the provider's. */
    WRONG_KEY,
    /** No signature at all. */
    UNSIGNED
}
