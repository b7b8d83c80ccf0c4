package dev.countersign.store.dynamodb.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converters for exactly the attribute types the stored shapes use: String, Integer, Long, lists, string maps and
 * nested documents, written as the SDK's default converters write them (S, N, L, M). The default provider builds
 * about 120 converters the moment its class loads; on a cold start that alone costs more than a DynamoDB call.
 */
public final class StoredTypes implements AttributeConverterProvider {
    public static final StoredTypes INSTANCE = new StoredTypes();

    private StoredTypes() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> AttributeConverter<T> converterFor(EnhancedType<T> type) {
        if (type.tableSchema().isPresent()) {
            return (AttributeConverter<T>) new DocumentConverter<>(type, type.tableSchema().get());
        }
        Class<?> raw = type.rawClass();
        if (raw == String.class) {
            return (AttributeConverter<T>) new Scalar<>(EnhancedType.of(String.class), AttributeValueType.S,
                    AttributeValue::fromS, AttributeValue::s);
        }
        if (raw == Integer.class) {
            return (AttributeConverter<T>) new Scalar<>(EnhancedType.of(Integer.class), AttributeValueType.N,
                    v -> AttributeValue.fromN(Integer.toString(v)), a -> Integer.valueOf(a.n()));
        }
        if (raw == Long.class) {
            return (AttributeConverter<T>) new Scalar<>(EnhancedType.of(Long.class), AttributeValueType.N,
                    v -> AttributeValue.fromN(Long.toString(v)), a -> Long.valueOf(a.n()));
        }
        if (raw == List.class) {
            return (AttributeConverter<T>) new ListConverter<>(type,
                    converterFor(type.rawClassParameters().get(0)));
        }
        if (raw == Map.class && type.rawClassParameters().get(0).rawClass() == String.class) {
            return (AttributeConverter<T>) new MapConverter<>(type,
                    converterFor(type.rawClassParameters().get(1)));
        }
        throw new IllegalStateException("no converter for " + type + ": the stored shapes use only String, Integer,"
                + " Long, List, Map<String, _> and documents; add the type to StoredTypes");
    }

    private interface ToValue<T> {
        AttributeValue apply(T value);
    }

    private interface FromValue<T> {
        T apply(AttributeValue value);
    }

    private static boolean isNull(AttributeValue value) {
        return value == null || Boolean.TRUE.equals(value.nul());
    }

    private static final class Scalar<T> implements AttributeConverter<T> {
        private final EnhancedType<T> type;
        private final AttributeValueType valueType;
        private final ToValue<T> to;
        private final FromValue<T> from;

        Scalar(EnhancedType<T> type, AttributeValueType valueType, ToValue<T> to, FromValue<T> from) {
            this.type = type;
            this.valueType = valueType;
            this.to = to;
            this.from = from;
        }

        @Override
        public AttributeValue transformFrom(T input) {
            return to.apply(input);
        }

        @Override
        public T transformTo(AttributeValue input) {
            return isNull(input) ? null : from.apply(input);
        }

        @Override
        public EnhancedType<T> type() {
            return type;
        }

        @Override
        public AttributeValueType attributeValueType() {
            return valueType;
        }
    }

    private static final class ListConverter<E> implements AttributeConverter<List<E>> {
        private final EnhancedType<List<E>> type;
        private final AttributeConverter<E> element;

        @SuppressWarnings("unchecked")
        ListConverter(EnhancedType<?> type, AttributeConverter<?> element) {
            this.type = (EnhancedType<List<E>>) type;
            this.element = (AttributeConverter<E>) element;
        }

        @Override
        public AttributeValue transformFrom(List<E> input) {
            List<AttributeValue> values = new ArrayList<>(input.size());
            for (E item : input) {
                values.add(item == null ? AttributeValue.fromNul(true) : element.transformFrom(item));
            }
            return AttributeValue.fromL(values);
        }

        @Override
        public List<E> transformTo(AttributeValue input) {
            if (isNull(input)) {
                return null;
            }
            List<E> items = new ArrayList<>(input.l().size());
            for (AttributeValue value : input.l()) {
                items.add(isNull(value) ? null : element.transformTo(value));
            }
            return Collections.unmodifiableList(items);
        }

        @Override
        public EnhancedType<List<E>> type() {
            return type;
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.L;
        }
    }

    private static final class MapConverter<V> implements AttributeConverter<Map<String, V>> {
        private final EnhancedType<Map<String, V>> type;
        private final AttributeConverter<V> value;

        @SuppressWarnings("unchecked")
        MapConverter(EnhancedType<?> type, AttributeConverter<?> value) {
            this.type = (EnhancedType<Map<String, V>>) type;
            this.value = (AttributeConverter<V>) value;
        }

        @Override
        public AttributeValue transformFrom(Map<String, V> input) {
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            input.forEach((k, v) -> values.put(k, v == null ? AttributeValue.fromNul(true) : value.transformFrom(v)));
            return AttributeValue.fromM(values);
        }

        @Override
        public Map<String, V> transformTo(AttributeValue input) {
            if (isNull(input)) {
                return null;
            }
            Map<String, V> map = new LinkedHashMap<>();
            input.m().forEach((k, v) -> map.put(k, isNull(v) ? null : value.transformTo(v)));
            return Collections.unmodifiableMap(map);
        }

        @Override
        public EnhancedType<Map<String, V>> type() {
            return type;
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.M;
        }
    }

    private static final class DocumentConverter<T> implements AttributeConverter<T> {
        private final EnhancedType<T> type;
        private final TableSchema<T> schema;

        @SuppressWarnings("unchecked")
        DocumentConverter(EnhancedType<T> type, TableSchema<?> schema) {
            this.type = type;
            this.schema = (TableSchema<T>) schema;
        }

        @Override
        public AttributeValue transformFrom(T input) {
            return AttributeValue.fromM(schema.itemToMap(input, true));
        }

        @Override
        public T transformTo(AttributeValue input) {
            return isNull(input) ? null : schema.mapToItem(input.m());
        }

        @Override
        public EnhancedType<T> type() {
            return type;
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.M;
        }
    }
}
