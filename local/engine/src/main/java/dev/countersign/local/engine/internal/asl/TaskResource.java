package dev.countersign.local.engine.internal.asl;

/**
 * A Task's Resource, taken apart.
 *
 * @param arn     as written
 * @param service {@code lambda}, {@code dynamodb}, {@code events}, … for {@code arn:aws:states:::service:action}; for a
 *                bare Lambda function ARN {@code lambda-function}; for an activity {@code activity}; null if the ARN
 *                is neither
 * @param action  e.g. {@code invoke}, {@code putItem}; for a bare function its ARN
 */
public record TaskResource(String arn, String service, String action, Pattern pattern) {

    /** The service integration pattern chosen by the ARN's suffix. */
    public enum Pattern {
        REQUEST_RESPONSE(""), WAIT_FOR_TASK_TOKEN(".waitForTaskToken"), SYNC(".sync"), SYNC_2(".sync:2");

        private final String suffix;

        Pattern(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        /** {@code .sync} and {@code .sync:2}: the task waits for the job its invocation started. */
        public boolean runsJob() {
            return this == SYNC || this == SYNC_2;
        }
    }

    public static final String LAMBDA_FUNCTION = "lambda-function";
    public static final String ACTIVITY = "activity";

    /** Takes a Resource ARN apart; never fails (an unknown shape gets a null service). */
    public static TaskResource parse(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts.length >= 6 && parts[0].equals("arn") && parts[2].equals("states") && parts[3].isEmpty()
                && parts[4].isEmpty()) {
            // arn:aws:states:::service:action[.pattern] (aws-sdk integrations have one more colon part)
            String service = parts[5];
            String action = parts.length > 6 ? String.join(":", java.util.Arrays.copyOfRange(parts, 6, parts.length)) : "";
            Pattern pattern = Pattern.REQUEST_RESPONSE;
            if (action.endsWith(".waitForTaskToken")) {
                pattern = Pattern.WAIT_FOR_TASK_TOKEN;
                action = action.substring(0, action.length() - ".waitForTaskToken".length());
            } else if (action.endsWith(".sync:2")) {
                pattern = Pattern.SYNC_2;
                action = action.substring(0, action.length() - ".sync:2".length());
            } else if (action.endsWith(".sync") || action.contains(".sync:")) {
                // any other .sync:N is taken as .sync here and refused by name when the definition is checked
                pattern = Pattern.SYNC;
                action = action.substring(0, action.indexOf(".sync"));
            }
            return new TaskResource(arn, service, action, pattern);
        }
        if (parts.length >= 7 && parts[0].equals("arn") && parts[2].equals("lambda") && parts[5].equals("function")) {
            return new TaskResource(arn, LAMBDA_FUNCTION, arn, Pattern.REQUEST_RESPONSE);
        }
        if (parts.length >= 7 && parts[0].equals("arn") && parts[2].equals("states") && parts[5].equals("activity")) {
            return new TaskResource(arn, ACTIVITY, arn, Pattern.REQUEST_RESPONSE);
        }
        return new TaskResource(arn, null, null, Pattern.REQUEST_RESPONSE);
    }

    /** {@code resourceType} in history events: {@code lambda}, {@code dynamodb}, {@code events}. */
    public String resourceType() {
        return LAMBDA_FUNCTION.equals(service) ? "lambda" : service;
    }

    /**
     * {@code resource} in history events: {@code invoke.waitForTaskToken}, {@code putItem},
     * {@code startExecution.sync:2}, or the function ARN.
     */
    public String historyResource() {
        return LAMBDA_FUNCTION.equals(service) ? arn : action + pattern.suffix();
    }
}
