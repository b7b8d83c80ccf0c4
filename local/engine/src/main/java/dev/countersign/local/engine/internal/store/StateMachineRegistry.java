package dev.countersign.local.engine.internal.store;

import dev.countersign.local.engine.DefinitionProblem;
import dev.countersign.local.engine.InvalidArnException;
import dev.countersign.local.engine.InvalidDefinitionException;
import dev.countersign.local.engine.StateMachineAlreadyExistsException;
import dev.countersign.local.engine.StateMachineDescription;
import dev.countersign.local.engine.StateMachineDoesNotExistException;
import dev.countersign.local.engine.ValidationException;
import dev.countersign.local.engine.internal.Names;
import dev.countersign.local.engine.internal.asl.DefinitionParser;
import dev.countersign.local.engine.internal.asl.StateMachineDefinition;
import dev.countersign.local.engine.internal.journal.Journal;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machines and their definitions, as the journal holds them: definitions by the SHA-256 of their text (each
 * parsed once, its templates compiled), machines by ARN, deleted machines kept for the executions that refer to them.
 * The API's machine operations are answered here as the records to write (the caller appends them), and records are
 * applied here, live and on replay alike.
 */
public final class StateMachineRegistry {
    private final DefinitionParser parser;
    private final String region;
    private final String accountId;
    private final Map<String, String> definitions = new ConcurrentHashMap<>();
    private final Map<String, StateMachineDefinition> parsed = new ConcurrentHashMap<>();
    private final Map<String, StateMachineEntry> machines = new ConcurrentHashMap<>();
    private final Map<String, StateMachineEntry> retired = new ConcurrentHashMap<>();
    /** The state machines of map runs' child executions ({@code <machine>/<label>}), by ARN. */
    private final Map<String, StateMachineEntry> mapRunMachines = new ConcurrentHashMap<>();
    private final AtomicLong nextOrder = new AtomicLong(1);

    public StateMachineRegistry(DefinitionParser parser, String region, String accountId) {
        this.parser = parser;
        this.region = region;
        this.accountId = accountId;
    }

    // ---- what to write ------------------------------------------------------------------------------------------

    /**
     * The records that create a STANDARD machine: empty when one with the same name, definition and role exists
     * (CreateStateMachine is idempotent). Call under one lock with the append, so two creations cannot race.
     */
    public List<byte[]> create(String name, String definition, String roleArn, String type, Instant now) {
        Names.checkName(name, "state machine");
        if (type != null && type.equals("EXPRESS")) {
            throw new ValidationException("EXPRESS state machines are not supported by the local engine (Express-only"
                    + " semantics): create a STANDARD state machine");
        }
        if (type != null && !type.equals("STANDARD")) {
            throw new ValidationException("type must be STANDARD; got " + type);
        }
        String role = role(roleArn);
        StateMachineDefinition compiled = validated(definition);
        String arn = arn(name);
        StateMachineEntry existing = machines.get(arn);
        if (existing != null) {
            if (definitions.get(existing.definitionKey()).equals(definition) && existing.roleArn().equals(role)) {
                return List.of();
            }
            throw new StateMachineAlreadyExistsException("State Machine Already Exists: '" + arn + "' has a"
                    + " different definition or role: update it with UpdateStateMachine, or choose another name");
        }
        List<byte[]> records = new ArrayList<>(2);
        String key = definitionRecord(definition, compiled, records);
        records.add(Records.stateMachine(new Records.MachineState(arn, name, now, nextOrder.getAndIncrement(), key,
                role, null, UUID.randomUUID().toString(), false)));
        return records;
    }

    /** The records that give a machine a new definition, role or both. */
    public List<byte[]> update(String arn, String definition, String roleArn, Instant now) {
        StateMachineEntry machine = machine(arn);
        if (definition == null && roleArn == null) {
            throw new ValidationException("give a definition, a roleArn or both to update " + arn);
        }
        StateMachineDefinition compiled = definition == null ? null : validated(definition);
        String role = roleArn == null ? machine.roleArn() : role(roleArn);
        List<byte[]> records = new ArrayList<>(2);
        String key = definition == null ? machine.definitionKey() : definitionRecord(definition, compiled, records);
        records.add(Records.stateMachine(new Records.MachineState(machine.arn(), machine.name(),
                machine.creationDate(), machine.order(), key, role, now, UUID.randomUUID().toString(), false)));
        return records;
    }

    /** The record that deletes a machine. */
    public byte[] delete(StateMachineEntry machine) {
        return Records.stateMachine(state(machine, true));
    }

    /**
     * The key of a definition, with the record that stores it when it is new; the definitions of the child executions
     * of its Distributed Maps are stored with it, so that its map runs find them.
     */
    private String definitionRecord(String definition, StateMachineDefinition compiled, List<byte[]> records) {
        String key = key(definition);
        parsed.putIfAbsent(key, compiled);
        if (!definitions.containsKey(key)) {
            for (String child : compiled.childDefinitions()) {
                String childKey = key(child);
                byte[] record = Records.definition(childKey, child);
                if (!definitions.containsKey(childKey) && records.stream().noneMatch(r -> Arrays.equals(r, record))) {
                    records.add(record);
                }
            }
            records.add(Records.definition(key, definition));
        }
        return key;
    }

    /** What a definition is stored under: the SHA-256 of its text, in hex. */
    public static String key(String definition) {
        return HexFormat.of().formatHex(Records.sha256(definition));
    }

    private StateMachineDefinition validated(String definition) {
        DefinitionParser.Result result = parser.parse(definition);
        if (!result.valid()) {
            throw new InvalidDefinitionException(result.problems());
        }
        return result.definition();
    }

    private String role(String roleArn) {
        if (roleArn == null) {
            return "arn:aws:iam::" + accountId + ":role/service-role/StepFunctions-local";
        }
        if (!roleArn.startsWith("arn:")) {
            throw new InvalidArnException("Invalid Arn: '" + roleArn + "': the role must be an IAM role ARN such as"
                    + " arn:aws:iam::" + accountId + ":role/my-role");
        }
        return roleArn;
    }

    // ---- queries --------------------------------------------------------------------------------------------------

    public String arn(String name) {
        return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
    }

    /** An existing machine; StateMachineDoesNotExist (saying which region and account this engine is) if not. */
    public StateMachineEntry machine(String arn) {
        String[] parts = Names.stateMachineArn(arn);
        StateMachineEntry machine = machines.get(arn);
        if (machine == null) {
            throw new StateMachineDoesNotExistException("State Machine Does Not Exist: '" + arn + "'"
                    + (parts[0].equals(region) && parts[1].equals(accountId) ? ""
                    : " (this engine runs as region " + region + ", account " + accountId + ")"));
        }
        return machine;
    }

    /** An existing machine, or null (the ARN is checked first). */
    public StateMachineEntry find(String arn) {
        Names.stateMachineArn(arn);
        return machines.get(arn);
    }

    /** Every existing machine in creation order. */
    public List<StateMachineEntry> list() {
        List<StateMachineEntry> all = new ArrayList<>(machines.values());
        all.sort(Comparator.comparingLong(StateMachineEntry::order));
        return all;
    }

    public StateMachineDescription describe(StateMachineEntry machine) {
        return new StateMachineDescription(machine.arn(), machine.name(), "ACTIVE",
                definitions.get(machine.definitionKey()), machine.roleArn(), "STANDARD", machine.creationDate(),
                machine.updateDate(), machine.revisionId());
    }

    public List<DefinitionProblem> validate(String definition) {
        return parser.parse(definition).problems();
    }

    /** A stored definition, parsed (and its templates compiled) once. */
    public StateMachineDefinition definition(String key) {
        return parsed.computeIfAbsent(key, k -> {
            DefinitionParser.Result result = parser.parse(definitions.get(k));
            if (!result.valid()) {
                throw new IllegalStateException("a stored definition no longer parses: " + result.problems());
            }
            return result.definition();
        });
    }

    // ---- applying records (live and on replay) --------------------------------------------------------------------

    void apply(Records.DefinitionRecord record) {
        definitions.put(record.key(), record.text());
    }

    void apply(Records.StateMachineRecord record) {
        Records.MachineState state = record.machine();
        String arn = state.arn();
        StateMachineEntry machine = machines.get(arn);
        if (machine == null) {
            machine = retired.get(arn);
        }
        if (machine == null || (!state.deleted() && retired.containsKey(arn))) {
            // A new machine (possibly re-created under the name of a deleted one).
            machine = new StateMachineEntry(arn, state.name(), state.created(), state.order(), state.definitionKey(),
                    state.roleArn(), state.updated(), state.revisionId());
            retired.remove(arn);
        } else {
            machine.update(state.definitionKey(), state.roleArn(), state.updated(), state.revisionId());
        }
        nextOrder.accumulateAndGet(machine.order() + 1, Math::max);
        if (state.deleted()) {
            machines.remove(arn);
            retired.put(arn, machine);
        } else {
            machines.put(arn, machine);
        }
    }

    /**
     * The machine an execution refers to: existing or deleted, or for a child execution of a Distributed Map the
     * state machine its map run labels ({@code <machine>/<label>}), which exists only through its executions.
     */
    StateMachineEntry machineOf(Records.ExecutionIdentity identity) {
        String arn = identity.stateMachineArn();
        StateMachineEntry machine = machines.get(arn);
        if (machine == null) {
            machine = retired.get(arn);
        }
        if (machine == null && identity.mapRun() != null) {
            machine = mapRunMachines.computeIfAbsent(arn, a -> new StateMachineEntry(a,
                    a.substring(a.indexOf(":stateMachine:") + ":stateMachine:".length()), identity.startDate(), -1,
                    identity.definitionKey(), identity.roleArn(), null, ""));
        }
        return machine;
    }

    /** Writes every definition in use and every machine (deleted ones too) into a snapshot. */
    long writeSnapshot(Journal.SnapshotSink sink, Set<String> definitionsInUse) throws IOException {
        long size = 0;
        machines.values().forEach(m -> definitionsInUse.add(m.definitionKey()));
        for (String key : List.copyOf(definitionsInUse)) {
            definitionsInUse.addAll(childKeys(key));
        }
        for (String key : definitionsInUse) {
            size += write(sink, Records.definition(key, definitions.get(key)));
        }
        List<StateMachineEntry> all = new ArrayList<>(retired.values());
        all.addAll(machines.values());
        all.sort(Comparator.comparingLong(StateMachineEntry::order));
        for (StateMachineEntry machine : all) {
            size += write(sink, Records.stateMachine(state(machine, retired.containsKey(machine.arn()))));
        }
        return size;
    }

    /** The keys of a stored definition's child definitions (none when it no longer parses: nothing runs it). */
    private List<String> childKeys(String key) {
        try {
            return definition(key).childDefinitions().stream().map(StateMachineRegistry::key).toList();
        } catch (IllegalStateException unparsable) {
            return List.of();
        }
    }

    private static long write(Journal.SnapshotSink sink, byte[] body) throws IOException {
        sink.write(body);
        return body.length;
    }

    private static Records.MachineState state(StateMachineEntry machine, boolean deleted) {
        return new Records.MachineState(machine.arn(), machine.name(), machine.creationDate(), machine.order(),
                machine.definitionKey(), machine.roleArn(), machine.updateDate(), machine.revisionId(), deleted);
    }
}
