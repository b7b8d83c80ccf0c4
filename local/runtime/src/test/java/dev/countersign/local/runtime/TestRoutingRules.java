package dev.countersign.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rules file the escalation, quorum, hand-over and parameter-change end-to-end tests run under: the README's
 * three kinds of rule with short, round timeouts, plus the default that the example refunds under 1,000 take. The
 * refund rule's amount may go down to 0.01 here (the README's file stops at 1,000.01), so that a lower amount
 * reaches the re-routing check, which refuses it: below 1,000 the default rule would route it.
 */
final class TestRoutingRules {
    static final String LEAD = "lee.finance@shop.example";
    /** A finance lead who is out of office: {@link #DEPUTY} is asked instead. */
    static final String AWAY = "kim.finance@shop.example";
    static final String DEPUTY = "pat.finance@shop.example";
    static final String CFO = "cfo@shop.example";
    static final String ANA = "ana.editor@shop.example";
    static final String BEN = "ben.editor@shop.example";
    static final String CY = "cy.editor@shop.example";
    /** Level 1 of a large refund: 4 hours, the reminder at 75 % (3 hours). */
    static final long LEVEL_ONE_SECONDS = 14_400;
    static final long LEVEL_ONE_REMINDER = 10_800;
    /** Level 2 (the CFO): 8 hours, the reminder at 6 hours. */
    static final long LEVEL_TWO_SECONDS = 28_800;
    static final long LEVEL_TWO_REMINDER = 21_600;

    private TestRoutingRules() {
    }

    static Path write(Path directory) {
        String rules = """
                {
                  "version": 1,
                  "teams": [
                    {"name": "finance-leads", "members": ["%s", {"email": "%s", "outOfOffice": {"delegate": "%s"}}]},
                    {"name": "finance-directors", "members": ["%s"]},
                    {"name": "editors", "members": ["%s", "%s", "%s"]}
                  ],
                  "rules": [
                    {
                      "name": "refunds-over-1000",
                      "when": "workflow = 'refunds' and action.params.amount > 1000",
                      "teams": ["finance-leads"],
                      "timeoutSeconds": %d,
                      "escalation": [{"teams": ["finance-directors"], "timeoutSeconds": %d}],
                      "modifiable": [{"param": "amount", "type": "number", "minimum": 0.01,
                                      "maximum": "proposed", "decimals": 2}],
                      "fallback": "REJECTED"
                    },
                    {
                      "name": "content-publishing",
                      "when": "workflow = 'content' and action.type = 'content.publish'",
                      "teams": ["editors"],
                      "quorum": 2,
                      "timeoutSeconds": 86400
                    }
                  ],
                  "default": {"approvers": ["approver@example.com"], "timeoutSeconds": 86400}
                }
                """.formatted(LEAD, AWAY, DEPUTY, CFO, ANA, BEN, CY, LEVEL_ONE_SECONDS, LEVEL_TWO_SECONDS);
        try {
            Path file = directory.resolve("routing.json");
            Files.writeString(file, rules);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
