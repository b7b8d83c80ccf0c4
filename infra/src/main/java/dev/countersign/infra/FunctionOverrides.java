package dev.countersign.infra;

import java.util.List;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.CfnFunction;

/**
 * What a team may change about one of {@link ApprovalService}'s functions, in the style of Solutions Constructs'
 * {@code lambdaFunctionProps}: each field is null (or empty) for "the service's default". The handler, code, runtime,
 * architecture, role and log group stay the service's: the grants and the tests depend on them.
 *
 * @param memorySize               MB (default: the config's {@code memorySize}, 1,769)
 * @param timeout                  the invocation limit (default: per function, see {@link ApprovalService.Builder})
 * @param reservedConcurrentExecutions reserved concurrency (default: none, the account's pool)
 * @param snapStart                SnapStart on this function (default: the config's {@code snapStart}; the repair
 *                                 function: off)
 * @param environment              extra variables, added to (and overriding) the service's
 */
public record FunctionOverrides(Integer memorySize, Duration timeout, Integer reservedConcurrentExecutions,
                                Boolean snapStart, Map<String, String> environment) {
    /** Every default. */
    public static final FunctionOverrides NONE = new FunctionOverrides(null, null, null, null, Map.of());

    public FunctionOverrides {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        if (memorySize != null && (memorySize < 128 || memorySize > 10_240)) {
            throw new IllegalArgumentException("FunctionOverrides memorySize " + memorySize + " is outside 128 to"
                    + " 10240 MB (Lambda's range)");
        }
        if (reservedConcurrentExecutions != null && reservedConcurrentExecutions < 0) {
            throw new IllegalArgumentException("FunctionOverrides reservedConcurrentExecutions "
                    + reservedConcurrentExecutions + " is negative");
        }
    }

    public FunctionOverrides withMemorySize(int mb) {
        return new FunctionOverrides(mb, timeout, reservedConcurrentExecutions, snapStart, environment);
    }

    public FunctionOverrides withTimeout(Duration limit) {
        return new FunctionOverrides(memorySize, Objects.requireNonNull(limit, "timeout"),
                reservedConcurrentExecutions, snapStart, environment);
    }

    public FunctionOverrides withReservedConcurrentExecutions(int reserved) {
        return new FunctionOverrides(memorySize, timeout, reserved, snapStart, environment);
    }

    public FunctionOverrides withSnapStart(boolean on) {
        return new FunctionOverrides(memorySize, timeout, reservedConcurrentExecutions, on, environment);
    }

    public FunctionOverrides withEnvironment(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.put(name, value);
        return new FunctionOverrides(memorySize, timeout, reservedConcurrentExecutions, snapStart, all);
    }

    /** One of the service's functions, with these overrides on the service's defaults. */
    JavaFunction build(Construct scope, String id, String handler, String description, Code code,
                       Map<String, String> environment, Duration defaultTimeout, boolean defaultSnapStart,
                       List<? extends ILayerVersion> layers, CountersignConfig config) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        all.putAll(this.environment);
        JavaFunction created = new JavaFunction(scope, id, handler, description, code, all,
                memorySize != null ? memorySize : config.memorySize(), timeout != null ? timeout : defaultTimeout,
                snapStart != null ? snapStart : defaultSnapStart, config.logRetention(), layers);
        applyTo(created);
        return created;
    }

    /** What the Function builder cannot take from the service's defaults (reserved concurrency). */
    void applyTo(JavaFunction function) {
        if (reservedConcurrentExecutions != null) {
            ((CfnFunction) function.function().getNode().getDefaultChild())
                    .setReservedConcurrentExecutions(reservedConcurrentExecutions);
        }
    }
}
