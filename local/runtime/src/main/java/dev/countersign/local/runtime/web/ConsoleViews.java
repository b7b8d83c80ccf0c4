package dev.countersign.local.runtime.web;

import java.util.List;

/**
 * What the console's pages show, already neutralised for display ({@code PageText}); jte escapes it on output.
 * Times come as shown text with their ISO form for {@code <time datetime>}.
 */
public final class ConsoleViews {
    private ConsoleViews() {
    }

    /** The first page: what waits for a decision, and what was decided lately, each with a link to older rows. */
    public record Home(List<Pending> pending, String olderPending, List<Decided> decided, String olderDecided,
                       String asOf) {
    }

    /** A pending approval's row. */
    public record Pending(String href, String approvalId, String workflow, String summary, String risk, int level,
                          String age, String createdIso, String deadline, String deadlineIso, boolean overdue) {
    }

    /** A recently ended approval's row. */
    public record Decided(String href, String approvalId, String workflow, String summary, String risk,
                          String outcome, String decidedBy, String decidedAt, String decidedIso) {
    }

    /** One approval: what it asked, how it ended, its chain's verdict, its execution, its trail. */
    public record Approval(String approvalId, String summary, String workflow, String status, String risk,
                           String requester, String agent, String proposalHash, String created, String createdIso,
                           List<Field> decision, boolean intact, String chainVerdict, List<Execution> executions,
                           List<Level> levels, List<TrailRow> trail) {
    }

    /** A label and a value. */
    public record Field(String label, String value) {
    }

    /**
     * An execution the approval belongs to, as the local engine reports it now: the one it paused, then each that
     * started the one before (a gate run as a nested workflow).
     */
    public record Execution(String role, String arn, String stateMachine, String status, String started,
                            String stopped) {
    }

    /** An escalation level: who was asked, how many must approve, until when. */
    public record Level(int number, String recipients, int quorum, String deadline) {
    }

    /** An audit event. */
    public record TrailRow(int seq, String at, String atIso, String type, String actor, String details) {
    }

    /** A page that explains a problem: the title and what to do. */
    public record Problem(String title, String message) {
    }
}
