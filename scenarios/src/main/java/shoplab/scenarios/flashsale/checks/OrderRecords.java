package shoplab.scenarios.flashsale.checks;

import java.util.List;
import java.util.Map;

/**
 * The order side of a quiesced sale: every order row of every shard, the Redis order buffer's statuses (on
 * the queued path), and the rows per shard.
 *
 * @param stored      every order row, oldest first
 * @param buffer      order id to the buffer's status (QUEUED, CREATED, PAID, RELEASED); null without a buffer
 * @param rowsPerShard rows in each shard of the order table, in shard order
 */
public record OrderRecords(List<Stored> stored, Map<String, String> buffer, List<Long> rowsPerShard) {

    public OrderRecords {
        stored = List.copyOf(stored);
        buffer = buffer == null ? null : Map.copyOf(buffer);
        rowsPerShard = List.copyOf(rowsPerShard);
    }

    /**
     * One order row.
     *
     * @param orderId   the order
     * @param status    HELD, RELEASING, PAID or RELEASED
     * @param createdAt when the buyer was acknowledged (epoch ms)
     * @param storedAt  when the row reached the database (epoch ms); null for a row from before it was kept
     */
    public record Stored(String orderId, String status, long createdAt, Long storedAt) {
    }
}
