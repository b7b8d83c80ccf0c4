package dev.countersign.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.Json;
import dev.countersign.routing.internal.RouteReader;

/**
 * How many distinct approvals decide a level. Without {@code majority}, one rejection rejects the level at once;
 * with it, rejections only count against the total, and the level is rejected when {@code required} approvals can
 * no longer be reached. The requester and the proposing agent are never counted (they are never recipients).
 *
 * @param required distinct approvals needed, at least 1 and at most the recipients of every level
 * @param majority true when a rejection does not reject on its own
 */
public record Quorum(int required, boolean majority) {
    /** One approval decides; one rejection rejects. */
    public static final Quorum ONE = new Quorum(1, false);

    public Quorum {
        if (required < 1) {
            throw new IllegalArgumentException("quorum.required must be at least 1; got " + required);
        }
    }

    /** {@code {"required", "majority"}}. */
    public ObjectNode toJson() {
        return Json.object().put("required", required).put("majority", majority);
    }

    static Quorum read(RouteReader json) {
        return new Quorum(json.integer("required"), json.bool("majority"));
    }
}
