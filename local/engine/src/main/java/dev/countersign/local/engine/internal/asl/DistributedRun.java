package dev.countersign.local.engine.internal.asl;

/**
 * What makes a Map distributed ({@code ProcessorConfig.Mode: DISTRIBUTED}): its items run as child workflow
 * executions of their own state machine, the ItemProcessor as a definition of its own.
 *
 * @param executionType   {@code STANDARD} or {@code EXPRESS}
 * @param label           the Map Run label; null when the definition gives none
 * @param batcher         null without ItemBatcher
 * @param childDefinition the ItemProcessor as a standalone definition (the state machine's QueryLanguage, StartAt,
 *                        States), the definition of the child workflow executions
 */
public record DistributedRun(String executionType, String label, ItemBatcher batcher, String childDefinition) {

    /**
     * ItemBatcher: items go to each child execution in batches, {@code {"Items": [...]}} plus BatchInput.
     *
     * @param maxItemsPerBatch      null when absent
     * @param maxInputBytesPerBatch null when absent
     * @param batchInput            null when absent
     */
    public record ItemBatcher(DynamicValue maxItemsPerBatch, DynamicValue maxInputBytesPerBatch,
                              ValueTemplate batchInput) {
    }
}
