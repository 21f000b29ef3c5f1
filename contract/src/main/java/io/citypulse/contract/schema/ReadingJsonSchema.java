package io.citypulse.contract.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of one sensor type's wire records, built from the fields the codec checks, so that
 * a producer in any language can validate a reading before sending it (the API serves it). What the codec refuses,
 * the schema refuses: a missing field, a wrong type, a value out of range, a blank or too long text, a name outside
 * a category's set, another type's name in {@code sensor_type}, a field of a later version missing from a record
 * that claims it. A nullable field may be left out or sent as null. Unknown fields are
 * allowed, as the codec ignores them. One difference: a whole-number field written as {@code 5.0} is an integer to
 * JSON Schema but "a fraction" to the codec.
 */
public final class ReadingJsonSchema {

    private ReadingJsonSchema() {
    }

    public static Map<String, Object> of(ReadingSchema schema, TypeDeclaration declaration) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Map<Integer, List<String>> requiredFrom = new LinkedHashMap<>();
        for (FieldSpec field : schema.fields()) {
            Map<String, Object> property = property(field);
            if (field.name().equals("sensor_type")) {
                property.put("const", declaration.type());
            }
            properties.put(field.name(), property);
            if (field.nullable()) {
                continue;
            }
            if (field.sinceVersion() == ReadingSchema.OLDEST_SUPPORTED_VERSION) {
                required.add(field.name());
            } else {
                requiredFrom.computeIfAbsent(field.sinceVersion(), v -> new ArrayList<>()).add(field.name());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        json.put("title", "CityPulse " + declaration.type() + " reading (schema versions "
                + ReadingSchema.OLDEST_SUPPORTED_VERSION + ".." + ReadingSchema.CURRENT_VERSION + ")");
        json.put("description", declaration.description() + "; sent to the topic " + declaration.topic());
        json.put("type", "object");
        json.put("properties", properties);
        json.put("required", required);
        json.put("additionalProperties", true);
        List<Object> versioned = new ArrayList<>();
        requiredFrom.forEach((version, fields) -> versioned.add(Map.of(
                "if", Map.of("properties", Map.of("schema_version", Map.of("minimum", version))),
                "then", Map.of("required", fields))));
        if (!versioned.isEmpty()) {
            json.put("allOf", versioned);
        }
        return json;
    }

    private static List<Object> withNull(List<String> categories) {
        List<Object> values = new ArrayList<>(categories);
        values.add(null);
        return values;
    }

    private static Map<String, Object> property(FieldSpec field) {
        Map<String, Object> property = new LinkedHashMap<>();
        switch (field.type()) {
            case STRING -> {
                property.put("type", "string");
                if (field.isCategory()) {
                    property.put("enum", field.nullable() ? withNull(field.categories()) : field.categories());
                } else {
                    property.put("minLength", 1);
                    property.put("maxLength", (long) field.max());
                    property.put("pattern", "\\S"); // not blank
                }
            }
            case DOUBLE -> {
                property.put("type", "number");
                property.put("minimum", field.min());
                property.put("maximum", field.max());
            }
            case INT, LONG, TIMESTAMP_MILLIS -> {
                property.put("type", "integer");
                property.put("minimum", (long) field.min());
                property.put("maximum", (long) field.max());
            }
        }
        if (field.nullable()) {
            property.put("type", List.of(property.get("type"), "null"));
        }
        if (!field.unit().isEmpty()) {
            property.put("x-unit", field.unit());
        }
        if (field.sinceVersion() > ReadingSchema.OLDEST_SUPPORTED_VERSION) {
            property.put("x-since-version", field.sinceVersion());
        }
        property.put("description", field.description());
        return property;
    }
}
