package shoplab.scenarios.dtx.checks;

/** Small wording helpers shared by the distributed-transaction checkers' examples. */
final class Texts {

    private Texts() {
    }

    /** "once", "twice", "3 times". */
    static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    /** "1 unit", "2 units". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** An example with the time it happened at, so examples can be sorted first-first. */
    record Example(long atMs, String text) {
    }
}
