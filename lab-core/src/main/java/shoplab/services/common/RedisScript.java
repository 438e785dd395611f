package shoplab.services.common;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script run by its SHA, returning an integer. A restarted (or promoted) Redis has an empty script
 * cache: NOSCRIPT loads it again, once, and the call goes on.
 */
public final class RedisScript {

    private final String source;
    private volatile String sha;

    /** Loads the script on {@code redis}. */
    public RedisScript(RedisCommands<String, String> redis, String source) {
        this.source = source;
        this.sha = redis.scriptLoad(source);
    }

    public long run(RedisCommands<String, String> on, String[] keys, String... args) {
        try {
            return on.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            sha = on.scriptLoad(source);
            return on.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        }
    }
}
