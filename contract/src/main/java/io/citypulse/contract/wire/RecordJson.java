package io.citypulse.contract.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.citypulse.contract.event.SensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON for the low-volume records our own services write (anomalies, injection labels): one flat
 * object, snake_case names, ISO-8601 instants, enum names, and {@code Map<String, Double>} as a
 * nested object. Readings use the faster, schema-checked {@link ReadingCodec} instead.
 */
public final class RecordJson {

    private static final JsonFactory JSON = WireJson.FACTORY;

    /** A record class's components, JSON names and canonical constructor, looked up once per class. */
    private record Shape(RecordComponent[] components, Method[] accessors, SerializedString[] names,
                         Constructor<?> constructor) {

        static Shape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
            SerializedString[] names = Arrays.stream(components)
                    .map(c -> new SerializedString(snakeCase(c.getName()))).toArray(SerializedString[]::new);
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                return new Shape(components, accessors, names, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor on " + type.getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private RecordJson() {
    }

    public static byte[] encode(Record record) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(512);
             JsonGenerator json = JSON.createGenerator(out)) {
            Shape shape = SHAPES.get(record.getClass());
            json.writeStartObject();
            for (int i = 0; i < shape.accessors().length; i++) {
                json.writeFieldName(shape.names()[i]);
                write(json, shape.accessors()[i].invoke(record));
            }
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getSimpleName(), e);
        }
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else if (value instanceof SensorType type) {
            json.writeString(type.wireName().toUpperCase(Locale.ROOT)); // as when it was an enum: TRAFFIC
        } else if (value instanceof Instant instant) {
            json.writeString(instant.toString());
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Number whole) {
            json.writeNumber(whole.longValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    /**
     * Decodes a record of {@code type}.
     *
     * @throws IllegalArgumentException naming the field when the bytes do not make a valid record
     */
    public static <R extends Record> R decode(byte[] bytes, Class<R> type) {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                fields.put(name, read(parser, parser.nextToken()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not decodable: " + e.getMessage(), e);
        }
        Shape shape = SHAPES.get(type);
        RecordComponent[] components = shape.components();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = shape.names()[i].getValue();
            args[i] = convert(name, fields.get(name), components[i].getType(), components[i].getGenericType());
        }
        try {
            return type.cast(shape.constructor().newInstance(args));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_NULL -> null;
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    map.put(key, read(parser, parser.nextToken()));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(String name, Object value, Class<?> target, Type generic) {
        if (value == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException(name + ": field is absent");
            }
            return null;
        }
        try {
            if (target == String.class) {
                return (String) value;
            } else if (target.isEnum()) {
                return Enum.valueOf((Class<? extends Enum>) target, (String) value);
            } else if (target == SensorType.class) {
                return SensorType.of(((String) value).toLowerCase(Locale.ROOT));
            } else if (target == Instant.class) {
                return Instant.parse((String) value);
            } else if (target == double.class || target == Double.class) {
                return ((Number) value).doubleValue();
            } else if (target == long.class || target == Long.class) {
                return ((Number) value).longValue();
            } else if (target == int.class || target == Integer.class) {
                return Math.toIntExact(((Number) value).longValue());
            } else if (target == Map.class && generic instanceof ParameterizedType) {
                Map<String, Double> map = new LinkedHashMap<>();
                ((Map<String, Object>) value).forEach((k, v) -> map.put(k, ((Number) v).doubleValue()));
                return map;
            }
        } catch (ClassCastException | IllegalArgumentException | DateTimeParseException | ArithmeticException
                 | NullPointerException e) { // NPE: a null inside a nested map
            throw new IllegalArgumentException(name + ": " + value + " is not a valid " + target.getSimpleName(), e);
        }
        throw new IllegalStateException("no JSON form for " + target);
    }

    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
