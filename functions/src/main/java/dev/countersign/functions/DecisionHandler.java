package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import dev.countersign.functions.internal.ColdStart;
import dev.countersign.functions.internal.HttpEvent;
import dev.countersign.functions.internal.Priming;
import dev.countersign.functions.internal.SnapStartHooks;
import dev.countersign.functions.review.ReviewRequest;
import dev.countersign.functions.review.ReviewRoutes;
import dev.countersign.views.ErrorPageView;
import dev.countersign.views.RenderedPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The review pages and the decision (API Gateway HTTP API, payload format 2.0; the local runtime's HTTP front sends
 * the same events). Routes:
 * <ul>
 *   <li>{@code GET|HEAD <base>/review/<secret>}: the review page, or the page that says why the link no longer
 *       decides anything. Changes nothing except one VIEWED event per recipient and level (GET only).</li>
 *   <li>{@code POST <base>/review} (form fields of {@link ReviewForm}): authorises from the link's record only,
 *       writes the decision in one conditional write, then hands it to the workflow and, when the approver ticked
 *       {@link ReviewForm#RECEIPT}, emails a receipt.</li>
 *   <li>anything else: the one generic "link not valid" page (404).</li>
 * </ul>
 * The routes' work is done by the classes of {@link dev.countersign.functions.review}; this class parses the event,
 * routes, builds the response and logs. Every response carries {@link dev.countersign.views.SecurityHeaders}. Never
 * logged: the path or body (they carry the link secret), the task token.
 */
public final class DecisionHandler implements RequestStreamHandler {
    /** The actor of the callback events this function writes. */
    public static final String ACTOR = "countersign:decision";

    private final FunctionDependencies deps;
    private final ReviewRoutes routes;

    /** What Lambda calls: everything from the process environment, once per container. */
    public DecisionHandler() {
        this(System.getenv());
    }

    /** Everything from an explicit environment (the local runtime passes its endpoints here). */
    public DecisionHandler(Map<String, String> environment) {
        // The page's classes load on a second thread while this one reads the settings and the audit key.
        this(FunctionDependencies.forDecisionFunction(ColdStart.primeInBackground(environment),
                "countersign-decision"));
        SnapStartHooks.register(environment, Priming::reviewPage);
    }

    public DecisionHandler(FunctionDependencies dependencies) {
        this.deps = dependencies;
        this.routes = new ReviewRoutes(dependencies, ACTOR);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String requestId = context == null ? null : context.getAwsRequestId();
        ObjectNode response;
        try {
            response = handle(Json.parse(input), requestId);
        } catch (InvalidJsonException | UncheckedIOException e) {
            deps.log().forRequest(requestId).warn("event is not JSON; answered 404", "error", e.getClass()
                    .getSimpleName());
            response = toJson(routes.pages().linkNotValid(), false);
        }
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /** One event: the API Gateway response {@code {statusCode, headers, body, isBase64Encoded}}. */
    public ObjectNode handle(JsonNode event, String requestId) {
        HttpEvent http = HttpEvent.parse(event);
        ReviewRequest request = new ReviewRequest(deps.log().forRequest(requestId), requestId);
        RenderedPage page;
        try {
            page = route(http, request);
        } catch (RuntimeException e) {
            request.log().error("request failed", e, "method", http.method(), "route", request.route(),
                    "approvalId", request.approvalId(), "recording", request.recording());
            page = routes.pages().error(new ErrorPageView(request.recording(), requestId));
        }
        request.log().info("answered", "method", http.method(), "route", request.route(), "status", page.status(),
                "approvalId", request.approvalId(), "userAgent", clip(http.header("user-agent"), 200));
        return toJson(page, http.method().equals("HEAD"));
    }

    private RenderedPage route(HttpEvent http, ReviewRequest request) {
        String method = http.method();
        String path = http.rawPath();
        String base = deps.settings().basePath();
        if (!base.isEmpty() && path.startsWith(base + "/")) {
            path = path.substring(base.length());
        }
        String reviewPrefix = CountersignSettings.REVIEW_PATH + "/";
        if ((method.equals("GET") || method.equals("HEAD")) && path.startsWith(reviewPrefix)) {
            request.route("review-page");
            String secret = path.substring(reviewPrefix.length());
            request.redact(secret);
            return routes.reviewPage().show(request, secret, method.equals("HEAD"));
        }
        if (method.equals("POST") && path.equals(CountersignSettings.REVIEW_PATH)) {
            request.route("decide");
            if (http.bodyTooLarge()) {
                // Said plainly: "this link is not valid" would send the approver hunting for another email.
                return routes.pages().formTooLarge(HttpEvent.MAX_BODY_BYTES);
            }
            return routes.decisionPost().post(request, http.body());
        }
        return routes.pages().linkNotValid();
    }

    /** A page as an HTTP answer, with its status and every security header. */
    private static ObjectNode toJson(RenderedPage page, boolean head) {
        ObjectNode json = Json.object().put("statusCode", page.status());
        ObjectNode h = json.putObject("headers");
        page.headers().forEach(h::put);
        json.put("body", head ? "" : page.html());
        json.put("isBase64Encoded", false);
        return json;
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
