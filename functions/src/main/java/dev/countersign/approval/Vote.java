package dev.countersign.approval;

import dev.countersign.core.Channel;
import java.time.Instant;

/**
 * One approver's verdict at a level (for quorum levels there are several). The comment is in the vote's audit event.
 *
 * @param seq the audit event that records the vote
 */
public record Vote(String approver, Verdict verdict, Instant at, Channel channel, int seq) {
}
