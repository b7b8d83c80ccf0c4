/**
 * The errors a Countersign gate fails with, as exception classes whose fully qualified names <em>are</em> the public
 * error names: {@code Countersign.InvalidProposal}, {@code Countersign.NoRoute}, {@code Countersign.RoutingError} (the
 * Route step's refusals), and {@code Countersign.StoreUnavailable}, {@code Countersign.WorkflowUnavailable} (a passing
 * outage of the approval store or of Step Functions, which the gate's steps retry).
 *
 * <p>Why a capitalised top-level package, against Java's naming habit: when a Java Lambda handler throws, the Lambda
 * runtime reports the exception's fully qualified class name as {@code errorType}, and Step Functions uses that as the
 * Task's Error, which a workflow's Retry and Catch match. So the Route function refuses a proposal by throwing one of
 * these, and the gate needs no Choice state after Route to turn a refusal into a failure (one state transition less
 * on every approval). The names are documented contracts (docs/routing.md): never rename or move these classes, and
 * never relocate this package when shading the Lambda jar.
 *
 * <p>Each is thrown without a stack trace, so the Cause Step Functions shows is Lambda's short error document
 * ({@code {"errorMessage": <what is wrong and what to do>, "errorType": <the name>, "stackTrace": []}}).
 */
package Countersign;
