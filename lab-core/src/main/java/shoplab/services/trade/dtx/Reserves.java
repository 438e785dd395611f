package shoplab.services.trade.dtx;

/** The first moves of the message-based strategies: reserve on each participant in turn, stopping at the first failure. */
final class Reserves {

    private Reserves() {
    }

    /** Null when every reserve answered; else why one did not (an unanswered one may still land: its cancel covers it). */
    static String inTurn(Participants participants, Purchase p) {
        for (String participant : Participants.of(p)) {
            try {
                participants.reserve("plain", participant, p);
            } catch (Participants.Failed e) {
                return e.getMessage();
            }
        }
        return null;
    }
}
