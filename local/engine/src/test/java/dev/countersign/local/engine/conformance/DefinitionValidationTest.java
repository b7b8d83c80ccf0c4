package dev.countersign.local.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.task.TaskIntegrations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Definition validation: every problem is listed, each with the JSON path of the field and what to do. */
class DefinitionValidationTest {
    private final DefinitionParser parser = new DefinitionParser(TaskIntegrations.forValidation());

    private List<DefinitionProblem> problems(String definition) {
        return parser.parse(definition).problems();
    }

    private static String paths(List<DefinitionProblem> problems) {
        return String.join("\n", problems.stream().map(DefinitionProblem::toString).toList());
    }

    @Test
    void aDefinitionWithManyMistakes_getsEveryOneListed() {
        List<DefinitionProblem> found = problems("""
                {"StartAt": "Start", "States": {
                  "Start": {"Type": "Pass", "Next": "Nowhere"},
                  "Odd": {"Type": "Sleep", "End": true},
                  "NoExit": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                             "Parameters": {"FunctionName": "f", "Payload.$": "$..[bad"}},
                  "Both": {"Type": "Wait", "Seconds": 5, "Timestamp": "2026-01-01T00:00:00Z", "End": true},
                  "Intrinsic": {"Type": "Pass", "Parameters": {"x.$": "States.Format("}, "End": true},
                  "Retrying": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "f"},
                    "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Other"], "BackoffRate": 0.5}],
                    "Catch": [{"ErrorEquals": ["States.ALL", "Other"]}], "End": true}}}""");
        String listing = paths(found);
        assertThat(listing).contains("$.States.Start: moves to \"Nowhere\"");
        assertThat(listing).contains("$.States.Odd.Type: unknown state type \"Sleep\"");
        assertThat(listing).contains("$.States.NoExit: has no Next and is not End");
        assertThat(listing).contains("$.States.NoExit.Parameters");
        assertThat(listing).contains("$.States.Both: has Seconds and Timestamp");
        assertThat(listing).contains("$.States.Intrinsic.Parameters");
        assertThat(listing).contains("$.States.Retrying.Retry[0].ErrorEquals: a retrier with States.ALL must be the"
                + " last one");
        assertThat(listing).contains("$.States.Retrying.Retry[1].BackoffRate: must be a number of at least 1.0");
        assertThat(listing).contains("$.States.Retrying.Catch[0]: Next is missing");
        assertThat(listing).contains("$.States.Retrying.Catch[0].ErrorEquals: States.ALL must appear alone");
        // Every unreachable state is named too (all but Start are unreachable from StartAt).
        assertThat(listing).contains("$.States.Both: is not reachable from StartAt \"Start\"");
        assertThat(found.size()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void queryLanguageFields_areCheckedPerState() {
        String listing = paths(problems("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Parameters": {"x": 1}, "Next": "B"},
                  "B": {"Type": "Pass", "Arguments": {"x": 1}, "Output": {"y": 2}, "Next": "C"},
                  "C": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input. %}", "End": true}}}
                """));
        assertThat(listing).contains("$.States.A.Parameters: \"Parameters\" is a JSONPath field but this state uses"
                + " JSONata: use Arguments");
        assertThat(listing).contains("$.States.B.Arguments: \"Arguments\" is not a field of a Pass state");
        assertThat(listing).contains("$.States.B.Output: \"Output\" is a JSONata field");
        assertThat(listing).contains("$.States.C.Output");
    }

    @Test
    void aJsonPathState_isRefusedInAJsonataMachine() {
        String listing = paths(problems("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"""));
        assertThat(listing).contains("$.States.A.QueryLanguage: a state cannot use JSONPath when the state machine's"
                + " QueryLanguage is JSONata");
    }

    @Test
    void unsupportedFeatures_areRefusedByName() {
        String listing = paths(problems("""
                {"StartAt": "Activity", "States": {
                  "Activity": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:approve",
                               "Next": "Sync"},
                  "Sync": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.sync",
                           "Parameters": {"FunctionName": "f"}, "Next": "Sdk"},
                  "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                          "Parameters": {"Bucket": "b", "Key": "k"}, "Next": "Sns"},
                  "Sns": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"},
                          "Next": "Distributed"},
                  "Distributed": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"},
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                    "ResultWriter": {}, "ItemBatcher": {}, "Next": "DynamoCallback"},
                  "DynamoCallback": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem.waitForTaskToken",
                    "Parameters": {"TableName": "t", "Key": {}}, "End": true}}}"""));
        assertThat(listing).contains("$.States.Activity.Resource: Activities are not supported by the local engine");
        assertThat(listing).contains("$.States.Sync.Resource: the .sync (run a job) integration pattern is supported"
                + " by the local engine for states:startExecution only, not for lambda:invoke");
        assertThat(listing).contains("$.States.Sdk.Resource: AWS SDK service integrations");
        assertThat(listing).contains("$.States.Sns.Resource: the service integration sns:publish is not supported");
        // Issue 16: a Distributed Map runs; only its S3 fields are refused, each by name.
        assertThat(listing).contains("$.States.Distributed.ItemReader: ItemReader reads the items from Amazon S3");
        assertThat(listing).contains("$.States.Distributed.ResultWriter: ResultWriter writes the results to Amazon"
                + " S3");
        assertThat(listing).doesNotContain("ProcessorConfig.Mode");
        assertThat(listing).contains("$.States.DynamoCallback.Resource: dynamodb:getItem does not support the"
                + " .waitForTaskToken pattern");
    }

    @Test
    void distributedMapFields_areRefusedByName_whereTheyDoNotBelong() {
        String listing = paths(problems("""
                {"StartAt": "Inline", "States": {
                  "Inline": {"Type": "Map", "Label": "batch", "ItemBatcher": {"MaxItemsPerBatch": 2},
                    "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                    "Next": "NoType"},
                  "NoType": {"Type": "Map",
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"},
                      "StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                    "Next": "EmptyBatcher"},
                  "EmptyBatcher": {"Type": "Map", "ItemBatcher": {}, "Label": "has space",
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
                    "End": true}}}"""));
        assertThat(listing).contains("$.States.Inline.Label: \"Label\" belongs to a Distributed Map");
        assertThat(listing).contains("$.States.Inline.ItemBatcher: \"ItemBatcher\" belongs to a Distributed Map");
        assertThat(listing).contains("$.States.NoType.ItemProcessor.ProcessorConfig.ExecutionType: a Distributed Map"
                + " needs \"ExecutionType\": \"STANDARD\" or \"EXPRESS\"");
        assertThat(listing).contains("$.States.EmptyBatcher.ItemBatcher: needs MaxItemsPerBatch or"
                + " MaxInputBytesPerBatch");
        assertThat(listing).contains("$.States.EmptyBatcher.Label: must be 1 to 40 characters");
    }

    @Test
    void integrationParameters_areChecked() {
        String listing = paths(problems("""
                {"StartAt": "Invoke", "States": {
                  "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"Payload": {}, "Bogus": 1}, "Next": "Callback"},
                  "Callback": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "f"}, "Next": "Put"},
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName": "t"}, "End": true}}}"""));
        assertThat(listing).contains("$.States.Invoke.Parameters: the field \"FunctionName\" is required by"
                + " lambda:invoke");
        assertThat(listing).contains("$.States.Invoke.Parameters.Bogus: the field \"Bogus\" is not supported by"
                + " lambda:invoke");
        // A .waitForTaskToken task that does not pass its token on is accepted, as AWS accepts it.
        assertThat(listing).doesNotContain("$.States.Callback");
        assertThat(listing).contains("$.States.Put.Parameters: the field \"Item\" is required by dynamodb:putItem");
    }

    @Test
    void startExecutionParameters_areChecked_withMessagesNamingTheField() {
        String listing = paths(problems("""
                {"StartAt": "NoArn", "States": {
                  "NoArn": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"Input": {}, "TraceHeader": "t"}, "Next": "BadArn"},
                  "BadArn": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                    "Parameters": {"StateMachineArn": "approval-gate", "Name": "has space"}, "Next": "Token"},
                  "Token": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                    "Parameters": {"StateMachineArn.$": "$.machine"}, "Next": "Version"},
                  "Version": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:3",
                    "Parameters": {"StateMachineArn.$": "$.machine"}, "Next": "Fine"},
                  "Fine": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                    "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:gate",
                      "Input": {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
                      "Name.$": "$.name"}, "End": true}}}"""));
        assertThat(listing).contains("$.States.NoArn.Parameters: the field \"StateMachineArn\" is required by"
                + " states:startExecution but is missing: add it");
        assertThat(listing).contains("$.States.NoArn.Parameters.TraceHeader: the field \"TraceHeader\" is not"
                + " supported by states:startExecution: use Input, Name, StateMachineArn");
        assertThat(listing).contains("$.States.BadArn.Parameters.StateMachineArn: StateMachineArn must be a state"
                + " machine ARN");
        assertThat(listing).contains("$.States.BadArn.Parameters.Name: Invalid Name: 'has space'");
        // A .waitForTaskToken task that does not pass its token on is accepted, as AWS accepts it.
        assertThat(listing).doesNotContain("$.States.Token");
        assertThat(listing).contains("$.States.Version.Resource: \"arn:aws:states:::states:startExecution.sync:3\""
                + " does not name an integration pattern: use .sync or .sync:2");
        assertThat(listing).doesNotContain("$.States.Fine");
    }

    @Test
    void fieldCombinationsAndValues_areChecked() {
        String listing = paths(problems("""
                {"StartAt": "T", "TimeoutSeconds": 0, "Unknown": 1, "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                    "TimeoutSeconds": 10, "TimeoutSecondsPath": "$.t", "HeartbeatSeconds": 20, "Next": "T2"},
                  "T2": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                    "Next": "F", "End": true},
                  "F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e", "Next": "T"},
                  "W": {"Type": "Wait", "End": true}}}"""));
        assertThat(listing).contains("$.TimeoutSeconds: must be a whole number from 1 to 99999999");
        assertThat(listing).contains("$.Unknown: \"Unknown\" is not a field of the top level");
        assertThat(listing).contains("$.States.T: has both TimeoutSeconds and TimeoutSecondsPath");
        assertThat(listing).contains("$.States.T.HeartbeatSeconds: must be smaller than TimeoutSeconds");
        assertThat(listing).contains("$.States.T2: has both Next and \"End\": true");
        assertThat(listing).contains("$.States.F: has both Error and ErrorPath");
        assertThat(listing).contains("$.States.F.Next: \"Next\" is not a field of a Fail state");
        assertThat(listing).contains("$.States.W: a Wait state needs exactly one of Seconds");
    }

    @Test
    void badPathsAndAssignments_areChecked() {
        String listing = paths(problems("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Pass", "InputPath": "not a path", "ResultPath": "$$.x",
                        "Assign": {"1bad": 1, "states": 2}, "Next": "C"},
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NoSuchOperator": 1, "Next": "A"}]}}}"""));
        assertThat(listing).contains("$.States.A.InputPath");
        assertThat(listing).contains("$.States.A.ResultPath");
        assertThat(listing).contains("$.States.A.Assign");
        assertThat(listing).contains("$.States.C.Choices[0]");
    }

    @Test
    void brokenJsonAndStructure_areReportedClearly() {
        assertThat(paths(problems("{\"StartAt\": "))).startsWith("$: the definition is not valid JSON");
        assertThat(paths(problems("[]"))).contains("must be a JSON object");
        assertThat(paths(problems("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true},"
                + " \"A\": {\"Type\": \"Pass\", \"End\": true}}}"))).contains("Duplicate field 'A'");
        assertThat(paths(problems("{\"States\": {}}"))).contains("StartAt is missing")
                .contains("$.States: must be a non-empty object");
    }

    @Test
    void transitionsCannotLeaveABranch() {
        String listing = paths(problems("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {
                        "In": {"Type": "Pass", "Next": "Out"}}}], "Next": "Out"},
                  "Out": {"Type": "Succeed"}}}"""));
        assertThat(listing).contains("$.States.P.Branches[0].States.In: moves to \"Out\", which is not a state in this"
                + " branch");
    }

    @Test
    void validDefinitions_haveNoProblems() {
        assertThat(problems("""
                {"Comment": "gate", "Version": "1.0", "TimeoutSeconds": 86400, "StartAt": "Gate", "States": {
                  "Gate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "request", "Payload": {"token.$": "$$.Task.Token"}},
                    "TimeoutSeconds": 3600, "HeartbeatSeconds": 600,
                    "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2, "JitterStrategy": "FULL",
                               "MaxDelaySeconds": 10}],
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.timeout", "Next": "Escalate"}],
                    "Next": "Decide"},
                  "Escalate": {"Type": "Pass", "Next": "Decide"},
                  "Decide": {"Type": "Choice", "Choices": [
                    {"Variable": "$.outcome", "StringEquals": "APPROVED", "Next": "Done"}], "Default": "Rejected"},
                  "Rejected": {"Type": "Fail", "Error": "Rejected"},
                  "Done": {"Type": "Succeed"}}}""")).isEmpty();
    }
}
