package dev.countersign.infra;

import dev.countersign.functions.JsonLog;
import dev.countersign.functions.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The alarms a team running approval gates expects, all to one SNS topic ({@code <prefix>-alarms}, an email address
 * subscribed by context {@code alarmEmail}), and a dashboard ({@code <prefix>}):
 * <ul>
 *   <li>gate workflows: executions failed, timed out (each workflow);</li>
 *   <li>functions: errors and throttles (each function; the projection repair's errors are "repair failing");</li>
 *   <li>the functions' own metrics ({@link Metric}): notification failures, undelivered callbacks;</li>
 *   <li>EventBridge: failed deliveries of "Proposal Submitted" starts and of audit anchors.</li>
 * </ul>
 * Every alarm fires on the first occurrence in five minutes and treats no data as fine (a quiet week is not a fault).
 */
public final class ApprovalMonitoring extends Construct {
    private static final Duration PERIOD = Duration.minutes(5);

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;
    private final String prefix;

    /**
     * @param workflows  the workflows with gates (their failures and timeouts alarm)
     * @param rules      EventBridge rules whose failed deliveries alarm, by the bus they are on (null: the default bus)
     * @param alarmEmail subscribed to the topic, or null
     */
    public ApprovalMonitoring(Construct scope, String id, ApprovalService service, List<? extends IStateMachine> workflows,
                              Map<Rule, IEventBus> rules, String alarmEmail) {
        super(scope, id);
        this.prefix = service.config().resourcePrefix();
        this.topic = Topic.Builder.create(this, "Alarms")
                .topicName(prefix + "-alarms")
                .displayName("Countersign alarms (" + prefix + ")")
                .enforceSsl(true)
                .build();
        Stack stack = Stack.of(this);
        // CloudWatch publishes alarm notifications as a service: only for this account's alarms of this deployment.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cloudwatch").resource("alarm").arnFormat(
                                        software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                                .resourceName(prefix + "-*").build())))))
                .build());
        if (alarmEmail != null) {
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }
        Nag.suppress(topic, "AwsSolutions-SNS2", "Alarm notifications carry alarm names and states, no approval"
                + " data; CloudWatch cannot publish to a topic encrypted with the AWS-managed aws/sns key, and a"
                + " customer key would cost a monthly fee for no protected content.", null);

        for (IStateMachine workflow : workflows) {
            String name = Workflows.id(workflow);
            alarm("WorkflowFailed" + name, "gate workflow " + name + ": executions failed",
                    workflow.metricFailed(sum()));
            alarm("WorkflowTimedOut" + name, "gate workflow " + name
                    + ": executions timed out", workflow.metricTimedOut(sum()));
        }
        for (JavaFunction function : List.of(service.routeFunction(), service.requestFunction(),
                service.escalateFunction(), service.decisionFunction(), service.repairFunction(),
                service.redeliveryFunction())) {
            String fid = function.getNode().getId();
            String what = function == service.repairFunction() ? "projection repair failing"
                    : function == service.redeliveryFunction() ? "redelivery of stranded decisions failing"
                    : fid + ": errors";
            alarm(fid + "Errors", what, function.function().metricErrors(sum()));
            alarm(fid + "Throttles", fid + ": throttled", function.function().metricThrottles(sum()));
        }
        alarm("NotificationFailures", "no approver of a level could be emailed (Countersign.NotificationFailed)",
                own(Metric.NOTIFICATION_FAILURES));
        alarm("CallbacksUndelivered", "a recorded decision has not reached its workflow yet",
                own(Metric.CALLBACKS_UNDELIVERED));
        rules.forEach((rule, bus) -> alarm("FailedDeliveries" + rule.getNode().getId(),
                rule.getNode().getId() + ": EventBridge could not deliver to the target", failedInvocations(rule, bus)));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(prefix)
                .widgets(List.of(List.of(
                        graph("Approvals opened and closed", own(Metric.APPROVALS_OPENED), own(Metric.APPROVALS_CLOSED)),
                        graph("Pending approvals (opened minus closed, running total over the shown range)",
                                MathExpression.Builder.create().label("pending")
                                        .expression("RUNNING_SUM(FILL(opened, 0) - FILL(closed, 0))")
                                        .usingMetrics(new TreeMap<>(Map.of("opened", own(Metric.APPROVALS_OPENED),
                                                "closed", own(Metric.APPROVALS_CLOSED))))
                                        .period(PERIOD).build()),
                        graph("Time to decision (p50, p90; seconds)",
                                own(Metric.TIME_TO_DECISION, "p50"), own(Metric.TIME_TO_DECISION, "p90")),
                        graph("Escalations, failed notifications, undelivered and redelivered callbacks, dropped audit events",
                                own(Metric.ESCALATIONS), own(Metric.NOTIFICATION_FAILURES),
                                own(Metric.CALLBACKS_UNDELIVERED), own(Metric.DECISIONS_REDELIVERED),
                                own(Metric.AUDIT_EVENTS_DROPPED))),
                        List.of(graph("Alarms' metrics", alarms.stream().map(Alarm::getMetric).toList()
                                .toArray(IMetric[]::new)))))
                .build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    /** One of the functions' EMF metrics of this deployment. */
    private software.amazon.awscdk.services.cloudwatch.Metric own(Metric metric) {
        return own(metric, "Sum");
    }

    private software.amazon.awscdk.services.cloudwatch.Metric own(Metric metric, String statistic) {
        return software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
                .namespace(JsonLog.METRIC_NAMESPACE)
                .metricName(metric.metricName())
                .dimensionsMap(Map.of(JsonLog.METRIC_DIMENSION, prefix))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static software.amazon.awscdk.services.cloudwatch.Metric failedInvocations(Rule rule, IEventBus bus) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("RuleName", rule.getRuleName());
        if (bus != null) {
            dimensions.put("EventBusName", bus.getEventBusName());
        }
        return software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
                .namespace("AWS/Events").metricName("FailedInvocations").dimensionsMap(dimensions)
                .statistic("Sum").period(PERIOD).build();
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(prefix + "-" + kebab(id))
                .alarmDescription("Countersign (" + prefix + "): " + description + " — docs/deploy.md, \"Alarms\"")
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(12).build();
    }

    private static String kebab(String id) {
        return id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
