package dev.countersign.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.countersign.approval.ApprovalRecord;
import dev.countersign.approval.ApprovalStore;
import dev.countersign.approval.DecideResult;
import dev.countersign.approval.DecisionRequest;
import dev.countersign.approval.NewApproval;
import dev.countersign.approval.NextLevel;
import dev.countersign.approval.PageRequest;
import dev.countersign.approval.TaskToken;
import dev.countersign.approval.Verdict;
import dev.countersign.core.Channel;
import dev.countersign.testing.DynaliteExtension;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.ApprovalRequests;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task token never leaves the store except through the one method meant for the callback. */
class TaskTokenIsolationTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private final MutableClock clock = MutableClock.at("2026-11-24T09:00:00Z");
    private final DynamoDbApprovalStore store = dynalite.store(clock);

    /** Serialises every record component by reflection, the way a careless page or log would. */
    private static final ObjectMapper CARELESS = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
                        throws IOException {
                    gen.writeString(value.toString());
                }
            }));

    @Test
    void publicView_serialisedToJson_neverContainsTheTaskToken() throws Exception {
        NewApproval request = ApprovalRequests.request(clock, "refunds", "alice@example.com");
        String token = request.taskToken().value();
        ApprovalRecord created = store.create(request).approval();
        store.escalate(created.approvalId(), 1, new NextLevel(List.of("erin@example.com"), 1,
                clock.instant().plus(Duration.ofHours(1)), new TaskToken("second-level-secret-token"), null),
                "countersign:escalate");
        DecideResult decided = store.decide(new DecisionRequest(created.approvalId(), 2, "erin@example.com",
                Verdict.APPROVE, null, Channel.EMAIL_LINK, null));

        String everythingAPageCouldSee = CARELESS.writeValueAsString(List.of(
                store.get(created.approvalId()).orElseThrow(),
                decided,
                store.auditTrail(created.approvalId()),
                store.pendingForApprover("erin@example.com", PageRequest.first(10)),
                store.pendingForWorkflow("refunds", PageRequest.first(10)),
                store.proposal(created.approvalId()).orElseThrow()))
                + store.get(created.approvalId()).orElseThrow();

        assertThat(everythingAPageCouldSee).contains(created.approvalId().value())
                .doesNotContain(token, "second-level-secret-token", "taskTokens");
        // The callback path, and only it, gets the tokens.
        assertThat(store.taskTokenForCallback(created.approvalId(), 1)).contains(new TaskToken(token));
        assertThat(store.taskTokenForCallback(created.approvalId(), 2))
                .contains(new TaskToken("second-level-secret-token"));
        assertThat(new TaskToken(token).toString()).doesNotContain(token);
    }

    @Test
    void noTypeReturnedByTheStore_exceptTheCallbackMethod_canHoldATaskToken() {
        // Structural: walk every return type of ApprovalStore (records, lists, optionals, sealed variants) and make
        // sure none reaches TaskToken — so no future field can leak it into a page by accident.
        for (Method method : ApprovalStore.class.getMethods()) {
            boolean reaches = reachesTaskToken(method.getGenericReturnType());
            if (method.getName().equals("taskTokenForCallback")) {
                assertThat(reaches).isTrue();
            } else {
                assertThat(reaches).as(method.getName()).isFalse();
            }
        }
    }

    private static boolean reachesTaskToken(Type root) {
        Deque<Type> todo = new ArrayDeque<>(List.of(root));
        Set<Type> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (!seen.add(type)) {
                continue;
            }
            if (type instanceof ParameterizedType parameterized) {
                todo.push(parameterized.getRawType());
                for (Type argument : parameterized.getActualTypeArguments()) {
                    todo.push(argument);
                }
            } else if (type instanceof Class<?> type1) {
                if (type1 == TaskToken.class) {
                    return true;
                }
                if (type1.isRecord()) {
                    for (RecordComponent component : type1.getRecordComponents()) {
                        todo.push(component.getGenericType());
                    }
                }
                if (type1.isSealed()) {
                    for (Class<?> variant : type1.getPermittedSubclasses()) {
                        todo.push(variant);
                    }
                }
            }
        }
        return false;
    }
}
