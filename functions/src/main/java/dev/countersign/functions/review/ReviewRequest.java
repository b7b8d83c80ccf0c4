package dev.countersign.functions.review;

import dev.countersign.functions.JsonLog;
import dev.countersign.views.ErrorPageView;

/**
 * What one request to the decision function knows as it goes: its log (which redacts the link secret once it is
 * read), the route it took, the approval it concerns and whether a decision was recorded. The handler's closing log
 * line and its error page read these.
 */
public final class ReviewRequest {
    private final String requestId;
    private JsonLog log;
    private String route = "other";
    private String approvalId;
    private ErrorPageView.Recording recording = ErrorPageView.Recording.NO_DECISION;

    public ReviewRequest(JsonLog log, String requestId) {
        this.log = log;
        this.requestId = requestId;
    }

    public JsonLog log() {
        return log;
    }

    /** From now on the log leaves {@code secret} out of every line. */
    public void redact(String secret) {
        log = log.redacting(secret);
    }

    public String requestId() {
        return requestId;
    }

    public String route() {
        return route;
    }

    public void route(String name) {
        route = name;
    }

    public String approvalId() {
        return approvalId;
    }

    void approvalId(String id) {
        approvalId = id;
    }

    public ErrorPageView.Recording recording() {
        return recording;
    }

    void recording(ErrorPageView.Recording state) {
        recording = state;
    }
}
