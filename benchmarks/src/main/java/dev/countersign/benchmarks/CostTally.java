package dev.countersign.benchmarks;


/** What one path of the cost benchmark cost, summed over its runs. */
final class CostTally {
    long runs;
    long transitions;
    long historyEvents;
    long invocations;
    double invocationSeconds;
    double readUnits;
    double writeUnits;
    long emails;
    long httpRequests;
    long events;
    long keyedInvocations;
    long traces;
    long logBytes;
}
