package dev.countersign.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The review pages' HTTP API: the API, its throttled {@code $default} stage with an access log that never records the
 * path (it carries the link secret), and the public review routes to the decision function.
 *
 * @param accessLogs the stage's access log group
 * @param api        the HTTP API (other routes, such as {@code POST /proposals}, are added by the stack)
 * @param stage      the {@code $default} stage
 */
record ReviewApi(LogGroup accessLogs, HttpApi api, HttpStage stage) {
    /** Creates the API's parts in {@code scope} (the service: their construct ids are part of the logical ids). */
    static ReviewApi create(Construct scope, CountersignConfig config) {
        LogGroup accessLogs = LogGroup.Builder.create(scope, "ApiAccessLogs")
                .retention(config.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        HttpApi api = HttpApi.Builder.create(scope, "Api")
                .apiName(config.resourcePrefix() + "-api")
                .description("Countersign review pages (public: the link secret is the credential) and the"
                        + " IAM-authorised POST /proposals")
                .createDefaultStage(false)
                .build();
        HttpStage stage = HttpStage.Builder.create(scope, "DefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.throttleRate()).burstLimit(config.throttleBurst()).build())
                .accessLogSettings(AccessLog.to(accessLogs))
                .build();
        return new ReviewApi(accessLogs, api, stage);
    }

    /** {@code GET|HEAD /review/{secret}} and {@code POST /review}, public, to the decision function (payload 2.0). */
    void routeTo(JavaFunction decisionFunction) {
        HttpLambdaIntegration review = new HttpLambdaIntegration("ReviewPages", decisionFunction.invocable(),
                HttpLambdaIntegrationProps.builder().payloadFormatVersion(PayloadFormatVersion.VERSION_2_0).build());
        api.addRoutes(AddRoutesOptions.builder().path("/review/{secret}")
                .methods(List.of(HttpMethod.GET, HttpMethod.HEAD)).integration(review).build());
        api.addRoutes(AddRoutesOptions.builder().path("/review")
                .methods(List.of(HttpMethod.POST)).integration(review).build());
        Nag.suppress(api, "AwsSolutions-APIG4", "The review routes (GET/HEAD /review/{secret}, POST /review) are"
                + " public by design: the unguessable link secret (256 bits, bound to one approval, recipient and"
                + " level) is the credential, and approvers have no AWS identity. Other routes use IAM.", null);
    }

    /**
     * The HTTP API's access log: request id, caller, route and status — never {@code $context.path}, which carries
     * the link secret on GET /review/{secret}.
     */
    private static final class AccessLog implements IAccessLogSettings {
        private final IAccessLogDestination destination;

        /** The access log settings that write to {@code group}. */
        static AccessLog to(LogGroup group) {
            return new AccessLog(new LogGroupLogDestination(group));
        }

        private AccessLog(IAccessLogDestination destination) {
            this.destination = destination;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return destination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\","
                    + "\"caller\":\"$context.identity.caller\"}");
        }
    }
}
