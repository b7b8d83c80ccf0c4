package dev.countersign.benchmarks.naive;

import dev.countersign.benchmarks.probe.ColdStartProbe;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * DESIGN.md's naive baseline, written the way the SDK's getting-started code does it: an enhanced client on a
 * DynamoDB client with every SDK default (region, credentials, endpoint and HTTP client from the environment and the
 * classpath), a table schema introspected from a bean, one {@code GetItem}; then {@link ColdStartProbe#MARKER} on
 * stdout, followed by {@code found} or {@code missing}, then
 * the CPU time it used. Packaged twice: with the SDK's default HTTP client
 * (apache5-client in SDK 2.57) and with url-connection-client.
 *
 * <p>usage: {@code NaiveBaseline <pk> <sk>}; the table is {@code COUNTERSIGN_APPROVALS_TABLE}.
 */
public final class NaiveBaseline {
    private NaiveBaseline() {
    }

    public static void main(String[] args) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.create();
        DynamoDbTable<LinkBean> links = enhanced.table(System.getenv("COUNTERSIGN_APPROVALS_TABLE"),
                TableSchema.fromBean(LinkBean.class));
        LinkBean link = links.getItem(Key.builder().partitionValue(args[0]).sortValue(args[1]).build());
        System.out.println(ColdStartProbe.MARKER + (link != null && link.getApprovalId() != null ? " found"
                : " missing"));
        System.out.flush();
        ColdStartProbe.reportCpu();
    }
}
