package dev.countersign.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.countersign.approval.ApprovalId;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStatus;
import dev.countersign.approval.ApprovalStoreException;
import dev.countersign.approval.ChangeResult;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRecord;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.EscalationLevel;
import dev.countersign.approval.Recipient;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.approval.Vote;
import dev.countersign.audit.AuditEntry;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditEventType;
import dev.countersign.aws.RetryPolicy;
import dev.countersign.core.Channel;
import dev.countersign.core.Decision;
import dev.countersign.core.EmailAddress;
import dev.countersign.core.Proposal;
import dev.countersign.core.json.InvalidJsonException;
import dev.countersign.core.json.Json;
import dev.countersign.functions.internal.ApprovalPresentation;
import dev.countersign.functions.internal.ColdStart;
import dev.countersign.functions.internal.DecisionMetrics;
import dev.countersign.functions.internal.Priming;
import dev.countersign.functions.internal.SnapStartHooks;
import dev.countersign.functions.internal.FormBody;
import dev.countersign.functions.internal.HttpEvent;
import dev.countersign.functions.internal.ParameterChanges;
import dev.countersign.functions.internal.ReviewLinkDelivery;
import dev.countersign.link.LinkCheck;
import dev.countersign.link.LinkGrant;
import dev.countersign.link.LinkSecrets;
import dev.countersign.mail.EmailMessage;
import dev.countersign.mail.SendResult;
import dev.countersign.views.AlreadyDecidedView;
import dev.countersign.views.ApprovalRef;
import dev.countersign.views.CancelledView;
import dev.countersign.views.DecisionReceiptEmailView;
import dev.countersign.views.DecisionRecordedView;
import dev.countersign.views.EmailRenderer;
import dev.countersign.views.ErrorPageView;
import dev.countersign.views.EscalatedView;
import dev.countersign.views.ExpiredView;
import dev.countersign.views.HandOverView;
import dev.countersign.views.HandedOverView;
import dev.countersign.views.LateDecisionView;
import dev.countersign.views.Outcome;
import dev.countersign.views.PageRenderer;
import dev.countersign.views.ParamChange;
import dev.countersign.views.QuorumView;
import dev.countersign.views.ReassignedView;
import dev.countersign.views.ReceiptDelivery;
import dev.countersign.views.RenderedPage;
import dev.countersign.views.ReviewForm;
import dev.countersign.views.ReviewFormState;
import dev.countersign.views.ReviewPageView;
import dev.countersign.views.SelfApprovalRefusedView;
import dev.countersign.views.WorkflowResumption;
import dev.countersign.workflow.CallbackResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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
 * Every response carries {@link dev.countersign.views.SecurityHeaders}. Never logged: the path or body (they carry
 * the link secret), the task token.
 */
public final class DecisionHandler implements RequestStreamHandler {
    /** The actor of the callback events this function writes. */
    public static final String ACTOR = "countersign:decision";
    /** A repeated POST re-sends an undelivered decision only once the first delivery had this long beyond its retries. */
    static final Duration REDELIVERY_MARGIN = Duration.ofSeconds(5);

    private final FunctionDependencies deps;
    private final LinkSecrets linkSecrets;
    private final PageRenderer pages;
    private final EmailRenderer emails;

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
        this.linkSecrets = new LinkSecrets(dependencies.clock());
        this.pages = new PageRenderer(dependencies.clock());
        this.emails = new EmailRenderer(dependencies.clock());
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
            response = new Response(pages.linkNotValid()).toJson(false);
        }
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /** One event: the API Gateway response {@code {statusCode, headers, body, isBase64Encoded}}. */
    public ObjectNode handle(JsonNode event, String requestId) {
        HttpEvent http = HttpEvent.parse(event);
        Request request = new Request(http, deps.log().forRequest(requestId), requestId);
        Response response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            request.log.error("request failed", e, "method", http.method(), "route", request.route, "approvalId",
                    request.approvalId, "recording", request.recording);
            response = new Response(pages.error(new ErrorPageView(request.recording, requestId)));
        }
        request.log.info("answered", "method", http.method(), "route", request.route, "status", response.status,
                "approvalId", request.approvalId, "userAgent", clip(http.header("user-agent"), 200));
        return response.toJson(http.method().equals("HEAD"));
    }

    /** What one request knows as it goes; the log redacts the link secret once it is read. */
    private static final class Request {
        final HttpEvent http;
        final String requestId;
        JsonLog log;
        String route = "other";
        String approvalId;
        ErrorPageView.Recording recording = ErrorPageView.Recording.NO_DECISION;

        Request(HttpEvent http, JsonLog log, String requestId) {
            this.http = http;
            this.log = log;
            this.requestId = requestId;
        }
    }

    private Response route(Request request) {
        String method = request.http.method();
        String path = request.http.rawPath();
        String base = deps.settings().basePath();
        if (!base.isEmpty() && path.startsWith(base + "/")) {
            path = path.substring(base.length());
        }
        String reviewPrefix = CountersignSettings.REVIEW_PATH + "/";
        if ((method.equals("GET") || method.equals("HEAD")) && path.startsWith(reviewPrefix)) {
            request.route = "review-page";
            String secret = path.substring(reviewPrefix.length());
            request.log = request.log.redacting(secret);
            return reviewPage(request, secret, method.equals("HEAD"));
        }
        if (method.equals("POST") && path.equals(CountersignSettings.REVIEW_PATH)) {
            request.route = "decide";
            return decide(request);
        }
        return new Response(pages.linkNotValid());
    }

    // ------------------------------------------------------------------ GET / HEAD

    private Response reviewPage(Request request, String secret, boolean head) {
        LinkCheck check = linkSecrets.check(secret, null, deps.links(), deps.store());
        Link link = Link.of(check);
        if (link == null) {
            return new Response(pages.linkNotValid());
        }
        request.approvalId = link.approval.approvalId().value();
        Proposal proposal = proposal(link.approval);
        Optional<SelfApprovalRefusedView.Role> self = selfRole(link.grant.recipient(), link.approval);
        if (self.isPresent()) {
            return new Response(pages.selfApprovalRefused(new SelfApprovalRefusedView(
                    ApprovalPresentation.ref(link.approval, proposal), link.grant.recipient(), self.get())));
        }
        if (link.open()) {
            if (!head) {
                recordView(request, link);
            }
            return new Response(pages.review(reviewView(link, proposal, secret, ReviewFormState.EMPTY)));
        }
        return new Response(statePage(link, proposal));
    }

    /** At most one VIEWED per recipient and level, whatever opens the link (people, mail scanners, previews). */
    private void recordView(Request request, Link link) {
        String recipient = link.grant.recipient();
        int level = link.grant.level();
        for (AuditEvent event : link.approval.auditTrail()) {
            // Seen already (the approval was read moments ago): no second read, no write.
            if (event.type().equals(AuditEventType.VIEWED.name()) && event.actor().equals(recipient)
                    && event.details().path("level").asInt(-1) == level) {
                return;
            }
        }
        try {
            deps.store().appendOnce(link.approval.approvalId(), new AuditEntry(AuditEventType.VIEWED,
                    link.grant.recipient(), Json.object().put("level", link.grant.level())));
        } catch (ApprovalStoreException e) {
            // The page matters more than the view record: show it anyway.
            request.log.warn("could not record VIEWED", "approvalId", request.approvalId, "error", e.getMessage());
        }
    }

    private ReviewPageView reviewView(Link link, Proposal proposal, String secret, ReviewFormState form) {
        return reviewView(link, proposal, secret, form, Map.of());
    }

    /** The review page; {@code typed} keeps the parameter values a refused POST entered. */
    private ReviewPageView reviewView(Link link, Proposal proposal, String secret, ReviewFormState form,
                                      Map<String, String> typed) {
        ApprovalRecord approval = link.approval;
        int level = link.grant.level();
        EscalationLevel asked = approval.level(level);
        QuorumView quorum = ApprovalPresentation.quorum(approval, asked, link.grant.recipient());
        boolean voted = quorum != null && quorum.yourVote() != null;
        return new ReviewPageView(link.grant.recipient(), ApprovalPresentation.approval(approval, level),
                ApprovalPresentation.proposal(proposal), ApprovalPresentation.escalation(approval, level),
                ApprovalPresentation.history(approval.auditTrail()), deps.settings().formAction(), secret,
                voted ? List.of() : ParameterChanges.editable(proposal, asked, approval.terms(level), typed), form,
                quorum, !voted);
    }

    // ------------------------------------------------------------------ POST

    private Response decide(Request request) {
        FormBody form = FormBody.parse(request.http.body());
        String secret = form.get(ReviewForm.SECRET);
        if (secret == null || secret.isEmpty()) {
            return new Response(pages.linkNotValid());
        }
        request.log = request.log.redacting(secret);
        LinkCheck check = linkSecrets.check(secret, null, deps.links(), deps.store());
        Link link = Link.of(check);
        if (link == null) {
            return new Response(pages.linkNotValid());
        }
        ApprovalRecord approval = link.approval;
        request.approvalId = approval.approvalId().value();
        Proposal proposal = proposal(approval);
        ApprovalRef ref = ApprovalPresentation.ref(approval, proposal);
        String recipient = link.grant.recipient();
        Optional<SelfApprovalRefusedView.Role> self = selfRole(recipient, approval);
        if (self.isPresent()) {
            request.log.warn("self-approval refused", "approvalId", request.approvalId, "role", self.get().name());
            return new Response(pages.selfApprovalRefused(new SelfApprovalRefusedView(ref, recipient, self.get())));
        }
        if (ReviewForm.HAND_OVER.equals(form.get(ReviewForm.DECISION))) {
            return handOver(request, link, proposal, form, secret);
        }
        Verdict verdict = verdict(form.get(ReviewForm.DECISION));
        String typed = form.get(ReviewForm.COMMENT) == null ? "" : form.get(ReviewForm.COMMENT);
        String comment = comment(typed);
        Map<String, String> edits = form.withPrefix(ReviewForm.MODIFY_PREFIX);
        ParameterChanges.Changed changes = null;
        // Strict: the checkbox posts "yes" or nothing, so anything else is a crafted or broken form.
        String receiptField = form.get(ReviewForm.RECEIPT);
        boolean receiptAsked = ReviewForm.RECEIPT_YES.equals(receiptField);
        boolean receiptInvalid = receiptField != null && !receiptAsked;

        if (link.open()) {
            if (receiptInvalid) {
                request.log.warn("receipt field refused", "approvalId", request.approvalId);
                return new Response(pages.review(reviewView(link, proposal, secret, new ReviewFormState(typed,
                        ReviewFormState.Problem.RECEIPT_INVALID, "Field '" + ReviewForm.RECEIPT + "' was '"
                        + clip(receiptField, 40) + "'; it accepts only '" + ReviewForm.RECEIPT_YES
                        + "', or no field at all for no receipt.", "", ""), edits)));
            }
            ReviewFormState.Problem problem = verdict == null ? ReviewFormState.Problem.NO_DECISION_CHOSEN
                    : verdict == Verdict.REJECT && comment == null
                    ? ReviewFormState.Problem.COMMENT_REQUIRED_TO_REJECT
                    : comment != null && comment.length() > ReviewForm.COMMENT_MAX_LENGTH
                    ? ReviewFormState.Problem.COMMENT_TOO_LONG : null;
            String handOverTo = form.get(ReviewForm.HAND_OVER_TO);
            if (verdict != null && handOverTo != null && !handOverTo.isBlank()) {
                // Enter in the hand-over fields submits the form's first button (Approve): never decide on that.
                return new Response(pages.review(reviewView(link, proposal, secret, new ReviewFormState(typed,
                        ReviewFormState.Problem.HAND_OVER_AMBIGUOUS, "", handOverTo,
                        form.get(ReviewForm.HAND_OVER_REASON), receiptAsked), edits)));
            }
            ParameterChanges.Requested requested = ParameterChanges.read(edits, proposal,
                    approval.level(link.grant.level()), approval.terms(link.grant.level()));
            if (requested instanceof ParameterChanges.Refused refused) {
                // A change the rule does not allow (or an invalid value) is refused whole: nothing is recorded.
                request.log.warn("parameter change refused", "approvalId", request.approvalId, "notAllowed",
                        refused.notAllowed());
                return new Response(pages.review(reviewView(link, proposal, secret, new ReviewFormState(typed,
                        refused.notAllowed() ? ReviewFormState.Problem.MODIFICATION_NOT_ALLOWED
                                : ReviewFormState.Problem.MODIFICATION_INVALID, refused.detail(), "", "",
                        receiptAsked), edits)));
            }
            if (problem != null) {
                return new Response(pages.review(reviewView(link, proposal, secret,
                        new ReviewFormState(typed, problem).withReceipt(receiptAsked), edits)));
            }
            if (verdict == Verdict.APPROVE && requested instanceof ParameterChanges.Changed changed) {
                changes = changed;
            }
        } else {
            boolean expiredButPending = check instanceof LinkCheck.Expired
                    && approval.status() == ApprovalStatus.PENDING && approval.currentLevel() == link.grant.level();
            if (expiredButPending || verdict == null || receiptInvalid) {
                // The link's time is up (the timeout step has not run yet), or the form is not one the page posts:
                // nothing to record.
                return new Response(statePage(link, proposal));
            }
            comment = comment == null ? null : clip(comment, ReviewForm.COMMENT_MAX_LENGTH);
        }

        request.recording = ErrorPageView.Recording.UNKNOWN;
        DecideResult result = deps.store().decide(changes == null
                ? new DecisionRequest(approval.approvalId(), link.grant.level(), recipient, verdict, comment,
                        Channel.EMAIL_LINK, null)
                : new DecisionRequest(approval.approvalId(), link.grant.level(), recipient, verdict, comment,
                        Channel.EMAIL_LINK, changes.approved(), changes.proposed(), changes.approvedProposalHash()));
        List<ParamChange> shown = changes == null ? List.of() : changes.shown();
        request.recording = result instanceof DecideResult.Decided || result instanceof DecideResult.VoteRecorded
                ? ErrorPageView.Recording.RECORDED : ErrorPageView.Recording.NOT_RECORDED;
        request.log.info("decide", "approvalId", request.approvalId, "approvalLevel", link.grant.level(), "verdict",
                verdict.name(), "result", result.getClass().getSimpleName(), "receiptAsked", receiptAsked);

        if (result instanceof DecideResult.Decided decided) {
            ApprovalRecord after = decided.approval();
            DecisionRecord d = after.decision();
            WorkflowResumption resumption = deliver(after, d.level(), request.log);
            Outcome outcome = ApprovalPresentation.outcome(d.outcome());
            List<ParamChange> approvedChanges = d.decidedBy().equals(recipient) ? shown : List.of();
            // Only the verdict that decided gets here, once: a repeated POST finds the level decided (AlreadyDecided).
            ReceiptDelivery receipt = receiptAsked
                    ? sendReceipt(recipient, ref, d, resumption, approvedChanges, request.log)
                    : ReceiptDelivery.NOT_REQUESTED;
            return new Response(pages.decisionRecorded(new DecisionRecordedView(ref, outcome, recipient,
                    d.decidedAt(), d.comment(), resumption, approvedChanges, null, receipt)));
        }
        if (result instanceof DecideResult.VoteRecorded vote) {
            // One verdict of several: counted, recorded as its own event; the workflow hears only the deciding one.
            EscalationLevel level = vote.approval().level(link.grant.level());
            Instant at = level.votes().stream().filter(v -> v.approver().equals(recipient)).map(Vote::at)
                    .findFirst().orElse(deps.clock().instant());
            return new Response(pages.decisionRecorded(new DecisionRecordedView(ref, verdict == Verdict.APPROVE
                    ? Outcome.APPROVED : Outcome.REJECTED, recipient, at, comment, WorkflowResumption.PENDING,
                    List.of(), ApprovalPresentation.quorum(vote.approval(), level, recipient),
                    receiptAsked ? ReceiptDelivery.NOT_FOR_A_VOTE : ReceiptDelivery.NOT_REQUESTED)));
        }
        if (result instanceof DecideResult.AlreadyDecided already) {
            redeliverIfStalled(already.approval(), already.level(), request.log);
            DecisionRecord d = already.approval().decision();
            String theirComment = d != null && d.level() == already.level() ? d.comment() : "";
            return new Response(pages.alreadyDecided(new AlreadyDecidedView(ref,
                    ApprovalPresentation.outcome(already.outcome()), already.decidedBy(), already.decidedAt(),
                    theirComment, already.decidedBy().equals(recipient))));
        }
        if (result instanceof DecideResult.TooLate late) {
            return new Response(latePage(late.approval(), link, proposal, verdict));
        }
        if (result instanceof DecideResult.Refused refused) {
            if (refused.refusal() == DecideResult.Refusal.MODIFICATIONS_NOT_ALLOWED) {
                return new Response(pages.review(reviewView(new Link(link.grant, refused.approval(), true), proposal,
                        secret, new ReviewFormState(typed, ReviewFormState.Problem.MODIFICATION_NOT_ALLOWED,
                                refused.message(), "", "", receiptAsked), edits)));
            }
            return new Response(refusedPage(refused, link, proposal, request));
        }
        return new Response(pages.linkNotValid());
    }

    /**
     * Hands the request to a colleague: the link's recipient is replaced at the level (REASSIGNED, with who, to whom
     * and why), the colleague is emailed a link of their own, and this link stops deciding. If the colleague cannot be
     * emailed, the request is handed back, so that it never sits with someone who has no link.
     */
    private Response handOver(Request request, Link link, Proposal proposal, FormBody form, String secret) {
        if (!link.open()) {
            return new Response(statePage(link, proposal));
        }
        String recipient = link.grant.recipient();
        ApprovalRecord approval = link.approval;
        int level = link.grant.level();
        String typedTo = form.get(ReviewForm.HAND_OVER_TO) == null ? "" : form.get(ReviewForm.HAND_OVER_TO);
        String typedReason = form.get(ReviewForm.HAND_OVER_REASON) == null ? ""
                : form.get(ReviewForm.HAND_OVER_REASON);
        String reason = comment(typedReason);
        ReviewFormState.Problem problem = null;
        String detail = "";
        String to = EmailAddress.isValid(typedTo) ? EmailAddress.normalize(typedTo) : null;
        if (to == null) {
            problem = ReviewFormState.Problem.HAND_OVER_ADDRESS;
        } else if (reason == null || reason.length() > ReviewForm.HAND_OVER_REASON_MAX_LENGTH) {
            problem = ReviewFormState.Problem.HAND_OVER_REASON;
        } else if (to.equals(recipient)) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " is your own address.";
        } else if (selfRole(to, approval).isPresent()) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " requested or proposed this action and may not decide it.";
        } else if (approval.level(level).isRecipient(to)) {
            problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
            detail = to + " is already asked to decide this request.";
        }
        if (problem == null) {
            request.recording = ErrorPageView.Recording.UNKNOWN;
            ChangeResult result = deps.store().reassign(approval.approvalId(), level, recipient, to, recipient,
                    reason);
            request.log.info("hand over", "approvalId", request.approvalId, "approvalLevel", level, "result",
                    result.getClass().getSimpleName());
            if (result instanceof ChangeResult.Applied || result instanceof ChangeResult.AlreadyApplied) {
                ApprovalRecord after = result instanceof ChangeResult.Applied applied ? applied.approval()
                        : ((ChangeResult.AlreadyApplied) result).approval();
                request.recording = ErrorPageView.Recording.RECORDED;
                return handedOver(request, after, level, recipient, to, reason, proposal, link, secret, typedTo,
                        typedReason);
            }
            request.recording = ErrorPageView.Recording.NOT_RECORDED;
            if (result instanceof ChangeResult.NotApplicable refused) {
                if (refused.approval().status() != ApprovalStatus.PENDING
                        || refused.approval().currentLevel() != level) {
                    return new Response(statePage(new Link(link.grant, refused.approval(), false), proposal));
                }
                link = new Link(link.grant, refused.approval(), true);
                problem = ReviewFormState.Problem.HAND_OVER_NOT_ALLOWED;
                detail = refused.reason();
            } else {
                return new Response(pages.linkNotValid());
            }
        }
        return new Response(pages.review(reviewView(link, proposal, secret, new ReviewFormState("", problem, detail,
                typedTo, typedReason))));
    }

    /** After the hand-over was recorded: email the colleague their link; if that fails, hand the request back. */
    private Response handedOver(Request request, ApprovalRecord after, int level, String from, String to,
                                String reason, Proposal proposal, Link link, String secret, String typedTo,
                                String typedReason) {
        ReviewLinkDelivery.Delivery delivery = new ReviewLinkDelivery(deps, ACTOR).deliver(after, after.level(level),
                to, ApprovalPresentation.proposal(proposal), ReviewLinkDelivery.Kind.HAND_OVER,
                new HandOverView(from, reason), request.log);
        ApprovalRef ref = ApprovalPresentation.ref(after, proposal);
        if (delivery.sent()) {
            Instant at = after.auditTrail().stream().filter(e -> e.type().equals(AuditEventType.REASSIGNED.name())
                    && e.details().path("to").asText("").equals(to)).map(AuditEvent::at)
                    .reduce((first, second) -> second).orElse(deps.clock().instant());
            return new Response(pages.handedOver(new HandedOverView(ref, to, at, reason)));
        }
        ChangeResult back = deps.store().reassign(after.approvalId(), level, to, from, ACTOR,
                ReviewLinkDelivery.clip("handed back: the email to " + to + " failed (" + delivery.problem() + ")",
                        dev.countersign.approval.ApprovalLimits.MAX_REASON_CHARS));
        request.log.warn("hand-over email failed; handed back", "approvalId", request.approvalId, "result",
                back.getClass().getSimpleName());
        ApprovalRecord now = back instanceof ChangeResult.Applied applied ? applied.approval()
                : deps.store().get(after.approvalId()).orElse(after);
        if (!now.level(level).isRecipient(from) || now.status() != ApprovalStatus.PENDING) {
            // The colleague decided in the meantime, or the level moved on: the page says what happened.
            return new Response(statePage(new Link(link.grant, now, false), proposal));
        }
        return new Response(pages.review(reviewView(new Link(link.grant, now, true), proposal, secret,
                new ReviewFormState("", ReviewFormState.Problem.HAND_OVER_NOT_DELIVERED, to + ": "
                        + delivery.problem(), typedTo, typedReason))));
    }

    private RenderedPage latePage(ApprovalRecord approval, Link link, Proposal proposal, Verdict verdict) {
        DecisionRecord d = approval.decision();
        if ((approval.status() == ApprovalStatus.TIMED_OUT || approval.status() == ApprovalStatus.CANCELLED)
                && d != null) {
            Instant recordedAt = lastEvent(approval, AuditEventType.LATE_DECISION, link.grant.recipient())
                    .map(AuditEvent::at).orElse(deps.clock().instant());
            return pages.lateDecision(new LateDecisionView(ApprovalPresentation.ref(approval, proposal),
                    verdict == Verdict.APPROVE ? Outcome.APPROVED : Outcome.REJECTED, recordedAt,
                    ApprovalPresentation.outcome(d.outcome()), d.decidedAt()));
        }
        return statePage(new Link(link.grant, approval, false), proposal);
    }

    private RenderedPage refusedPage(DecideResult.Refused refused, Link link, Proposal proposal, Request request) {
        ApprovalRef ref = ApprovalPresentation.ref(refused.approval(), proposal);
        switch (refused.refusal()) {
            case SELF_APPROVAL:
                return pages.selfApprovalRefused(new SelfApprovalRefusedView(ref, link.grant.recipient(),
                        SelfApprovalRefusedView.Role.REQUESTER));
            case NOT_A_RECIPIENT:
                return statePage(new Link(link.grant, refused.approval(), false), proposal);
            case ALREADY_VOTED: {
                Vote vote = refused.approval().level(link.grant.level()).votes().stream()
                        .filter(v -> v.approver().equals(link.grant.recipient())).findFirst().orElseThrow();
                return pages.alreadyDecided(new AlreadyDecidedView(ref, vote.verdict() == Verdict.APPROVE
                        ? Outcome.APPROVED : Outcome.REJECTED, vote.approver(), vote.at(), "", true));
            }
            default:
                request.log.error("decision refused by the store", null, "approvalId", request.approvalId,
                        "refusal", refused.refusal().name(), "reason", refused.message());
                return pages.error(new ErrorPageView(ErrorPageView.Recording.NOT_RECORDED, request.requestId));
        }
    }

    // ------------------------------------------------------------------ handing the decision to the workflow

    /**
     * Sends the recorded decision to the waiting task and records how that went: CALLBACK_DELIVERED once it is
     * accepted (a repeated POST then never sends it again), CALLBACK_FAILED otherwise.
     */
    private WorkflowResumption deliver(ApprovalRecord approval, int level, JsonLog log) {
        ApprovalId id = approval.approvalId();
        Decision decision = approval.decisionOutput().orElseThrow();
        Optional<TaskToken> token = deps.store().taskTokenForCallback(id, level);
        if (token.isEmpty()) {
            log.error("no task token stored for the level; the timeout step will hand the decision over", null,
                    "approvalId", id, "approvalLevel", level);
            recordCallback(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", "NoTaskToken").put("final", false), log);
            return WorkflowResumption.PENDING;
        }
        JsonLog tokenLog = log.redacting(token.get().value());
        CallbackResult result = deps.callback().succeed(token.get(), approval.decisionJson().orElseThrow());
        tokenLog.info("decision handed to the workflow", "approvalId", id, "approvalLevel", level, "outcome",
                decision.outcome().wireName(), "callback", result.getClass().getSimpleName());
        if (result instanceof CallbackResult.Delivered delivered) {
            DecisionMetrics.delivered(tokenLog, approval, decision);
            recordCallback(id, AuditEventType.CALLBACK_DELIVERED, Json.object().put("level", level)
                    .put("outcome", decision.outcome().wireName()).put("attempts", delivered.attempts()), tokenLog);
            return WorkflowResumption.RESUMED;
        }
        if (result instanceof CallbackResult.TaskClosed closed) {
            // The task stopped waiting (timed out): its timeout step returns this recorded decision to the workflow.
            recordCallback(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", closed.error()).put("final", true), tokenLog);
            return WorkflowResumption.PENDING;
        }
        if (result instanceof CallbackResult.TaskUnknown unknown) {
            recordCallback(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                    .put("error", unknown.error()).put("final", true), tokenLog);
            return WorkflowResumption.ENDED;
        }
        CallbackResult.Unavailable unavailable = (CallbackResult.Unavailable) result;
        tokenLog.warn("workflow unavailable; decision recorded, callback to be re-sent", "approvalId", id,
                "error", unavailable.error(), "errorMessage", unavailable.message(), "attempts",
                unavailable.attempts());
        tokenLog.metric(Metric.CALLBACKS_UNDELIVERED, 1);
        recordCallback(id, AuditEventType.CALLBACK_FAILED, Json.object().put("level", level)
                .put("error", unavailable.error()).put("attempts", unavailable.attempts()).put("final", false),
                tokenLog);
        return WorkflowResumption.PENDING;
    }

    /**
     * A repeated POST on a decided level re-sends the decision if it was never delivered and the first delivery has
     * had its time: while the winner is still delivering, losers must not send a second callback.
     */
    private void redeliverIfStalled(ApprovalRecord approval, int level, JsonLog log) {
        DecisionRecord d = approval.decision();
        if (d == null || d.level() != level || !ApprovalPresentation.outcome(d.outcome()).isPersonal()) {
            return;
        }
        boolean settled = false;
        for (AuditEvent event : approval.auditTrail()) {
            ObjectNode details = event.details();
            if (details.path("level").asInt(-1) != level) {
                continue;
            }
            if (event.type().equals(AuditEventType.CALLBACK_DELIVERED.name())
                    || event.type().equals(AuditEventType.CALLBACK_FAILED.name())
                    && details.path("final").asBoolean(false)) {
                settled = true;
            }
        }
        Duration wait = deps.settings().callbackRetry().maxTotal().plus(REDELIVERY_MARGIN);
        if (settled || deps.clock().instant().isBefore(d.decidedAt().plus(wait))) {
            return;
        }
        log.info("decision was never handed to the workflow; re-sending", "approvalId", approval.approvalId(),
                "approvalLevel", level);
        deliver(approval, level, log);
    }

    private void recordCallback(ApprovalId id, AuditEventType type, ObjectNode details, JsonLog log) {
        try {
            if (type == AuditEventType.CALLBACK_DELIVERED) {
                deps.store().appendOnce(id, new AuditEntry(type, ACTOR, details));
            } else {
                deps.store().append(id, new AuditEntry(type, ACTOR, details));
            }
        } catch (ApprovalStoreException e) {
            log.warn("could not record " + type, "approvalId", id, "error", e.getMessage());
        }
    }

    /** Emails the receipt the approver asked for, with bounded retries; the decision stands whatever happens. */
    private ReceiptDelivery sendReceipt(String recipient, ApprovalRef ref, DecisionRecord d,
                                        WorkflowResumption resumption, List<ParamChange> changes, JsonLog log) {
        try {
            var email = emails.decisionReceipt(new DecisionReceiptEmailView(recipient, ref, d.level(),
                    ApprovalPresentation.outcome(d.outcome()), d.decidedAt(), d.comment(), resumption, changes));
            EmailMessage message = new EmailMessage(deps.settings().sender(), recipient, email);
            RetryPolicy retry = deps.settings().emailRetry();
            long start = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                SendResult result = deps.mailer().send(message);
                if (result instanceof SendResult.Sent sent) {
                    log.info("receipt emailed", "approvalId", ref.approvalId(), "recipient", recipient,
                            "messageId", sent.messageId());
                    return ReceiptDelivery.SENT;
                }
                SendResult.Failed failed = (SendResult.Failed) result;
                Duration next = retry.delayBefore(attempt + 1, ThreadLocalRandom.current().nextDouble());
                if (!failed.transientFailure()
                        || !retry.allowsAnother(attempt, Duration.ofNanos(System.nanoTime() - start), next)) {
                    log.warn("receipt not sent", "approvalId", ref.approvalId(), "recipient", recipient, "error",
                            failed.errorCode(), "attempts", attempt);
                    return ReceiptDelivery.FAILED;
                }
                Thread.sleep(next.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReceiptDelivery.FAILED;
        } catch (RuntimeException e) {
            // The decision stands without its receipt.
            log.error("receipt failed", e, "approvalId", ref.approvalId());
            return ReceiptDelivery.FAILED;
        }
    }

    // ------------------------------------------------------------------ pages for links that no longer decide

    /** The honest page for a link whose level is not open: decided, cancelled, timed out, escalated, reassigned. */
    private RenderedPage statePage(Link link, Proposal proposal) {
        ApprovalRecord approval = link.approval;
        LinkGrant grant = link.grant;
        ApprovalRef ref = ApprovalPresentation.ref(approval, proposal);
        DecisionRecord d = approval.decision();
        if (approval.status() == ApprovalStatus.CANCELLED && d != null) {
            return pages.cancelled(new CancelledView(ref, d.decidedAt(), d.decidedBy(), d.comment()));
        }
        if (d != null && d.level() == grant.level() && ApprovalPresentation.outcome(d.outcome()).isPersonal()) {
            return pages.alreadyDecided(new AlreadyDecidedView(ref, ApprovalPresentation.outcome(d.outcome()),
                    d.decidedBy(), d.decidedAt(), d.comment(), d.decidedBy().equals(grant.recipient())));
        }
        if (approval.currentLevel() > grant.level()) {
            EscalationLevel now = approval.current();
            Instant at = approval.auditTrail().stream()
                    .filter(e -> e.type().equals(AuditEventType.ESCALATED.name())
                            && e.details().path("fromLevel").asInt(-1) == grant.level())
                    .map(AuditEvent::at).findFirst().orElse(approval.level(grant.level()).deadline());
            return pages.escalated(new EscalatedView(ref, at, now.number(),
                    now.recipients().stream().map(Recipient::approver).toList()));
        }
        Optional<EscalationLevel> level = approval.findLevel(grant.level());
        if (level.isPresent() && !level.get().isRecipient(grant.recipient())) {
            Optional<AuditEvent> reassigned = approval.auditTrail().stream()
                    .filter(e -> e.type().equals(AuditEventType.REASSIGNED.name())
                            && e.details().path("from").asText("").equals(grant.recipient()))
                    .reduce((first, second) -> second);
            if (reassigned.isPresent()) {
                return pages.reassigned(new ReassignedView(ref, reassigned.get().at(),
                        reassigned.get().details().path("to").asText(""), reassigned.get().actor()));
            }
            return pages.linkNotValid();
        }
        Outcome fallback = d != null && d.fallback() != null ? ApprovalPresentation.outcome(d.fallback())
                : Outcome.REJECTED;
        Instant expiredAt = level.map(EscalationLevel::deadline).orElse(grant.expiresAt());
        return pages.expired(new ExpiredView(ref, expiredAt, new ExpiredView.FallbackApplied(fallback)));
    }

    // ------------------------------------------------------------------ plumbing

    /** A link the store knows, with its approval; {@code open} when it may decide right now. */
    private record Link(LinkGrant grant, ApprovalRecord approval, boolean open) {
        static Link of(LinkCheck check) {
            if (check instanceof LinkCheck.Accepted a) {
                return new Link(a.grant(), a.approval(), a.approval().status() == ApprovalStatus.PENDING);
            }
            if (check instanceof LinkCheck.Expired e) {
                return new Link(e.grant(), e.approval(), false);
            }
            if (check instanceof LinkCheck.OtherLevel o) {
                return new Link(o.grant(), o.approval(), false);
            }
            if (check instanceof LinkCheck.Revoked r) {
                return new Link(r.grant(), r.approval(), false);
            }
            return null;
        }
    }

    private Proposal proposal(ApprovalRecord approval) {
        JsonNode json = deps.store().proposal(approval.approvalId(), approval.proposalHash())
                .orElseThrow(() -> new IllegalStateException("approval " + approval.approvalId()
                        + " has no stored proposal " + approval.proposalHash()));
        return Proposal.fromJson(json);
    }

    private static Optional<SelfApprovalRefusedView.Role> selfRole(String recipient, ApprovalRecord approval) {
        if (EmailAddress.sameMailbox(recipient, approval.requester())) {
            return Optional.of(SelfApprovalRefusedView.Role.REQUESTER);
        }
        if (approval.proposedBy() != null && recipient.equalsIgnoreCase(approval.proposedBy().strip())) {
            return Optional.of(SelfApprovalRefusedView.Role.PROPOSING_AGENT);
        }
        return Optional.empty();
    }

    private static Verdict verdict(String value) {
        if (ReviewForm.APPROVE.equals(value)) {
            return Verdict.APPROVE;
        }
        if (ReviewForm.REJECT.equals(value)) {
            return Verdict.REJECT;
        }
        return null;
    }

    /** The comment as recorded: trimmed, invisible control characters removed (line breaks and tabs kept). */
    private static String comment(String typed) {
        StringBuilder clean = new StringBuilder(typed.length());
        typed.codePoints().filter(c -> !Character.isISOControl(c) || c == '\n' || c == '\r' || c == '\t')
                .forEach(clean::appendCodePoint);
        String text = clean.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static Optional<AuditEvent> lastEvent(ApprovalRecord approval, AuditEventType type, String actor) {
        return approval.auditTrail().stream()
                .filter(e -> e.type().equals(type.name()) && e.actor().equals(actor))
                .reduce((first, second) -> second);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** An HTTP answer: a page with its status and every security header. */
    private static final class Response {
        final int status;
        final Map<String, String> headers;
        final String body;

        Response(RenderedPage page) {
            this.status = page.status();
            this.headers = page.headers();
            this.body = page.html();
        }

        ObjectNode toJson(boolean head) {
            ObjectNode json = Json.object().put("statusCode", status);
            ObjectNode h = json.putObject("headers");
            headers.forEach(h::put);
            json.put("body", head ? "" : body);
            json.put("isBase64Encoded", false);
            return json;
        }
    }
}
