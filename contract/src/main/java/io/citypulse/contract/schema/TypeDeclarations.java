package io.citypulse.contract.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.citypulse.contract.event.SensorType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Reads and checks sensor-type declarations: JSON files, one per type (docs/adr/0005). A declaration that breaks a
 * rule is refused with the file, the field and the rule, so a city's data team can fix it without reading code.
 */
public final class TypeDeclarations {

    /** Where the built-in declarations live on the classpath. */
    public static final String RESOURCE_DIR = "/sensor-types/";

    private static final JsonFactory JSON = new JsonFactory();
    /** What a type's or a field's name may be: it is a topic suffix, a lake partition value and a column name. */
    public static final String NAME_REGEX = "[a-z][a-z0-9_]{0,62}";
    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    // Kafka's own rule for topic names, with at most 249 characters.
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Set<String> TYPE_KEYS = Set.of("type", "description", "topic", "measures");
    private static final Set<String> OPTIONAL_TYPE_KEYS = Set.of("attributes", "derived");
    private static final Set<String> DERIVED_KEYS = Set.of("name", "valueType", "expression", "description");
    private static final String CATEGORIES = "categories";
    private static final Set<String> MEASURE_KEYS = Set.of("name", "valueType", "min", "max", "unit", "since",
            "description");
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("name", "valueType", "since", "description");
    private static final String NULLABLE = "nullable";
    private static final String MAX_LENGTH = "maxLength";
    /** The longest text an attribute may declare: a note, not a document (Kafka records stay small). */
    public static final int MAX_TEXT_LENGTH = 4096;
    private static final Map<String, FieldType> VALUE_TYPES = Map.of(FieldType.INT.declaredName(), FieldType.INT,
            FieldType.LONG.declaredName(), FieldType.LONG, FieldType.DOUBLE.declaredName(), FieldType.DOUBLE);

    /** The environment variable naming a folder of further declarations, a city's own types. */
    public static final String DIR_VARIABLE = "CITYPULSE_SENSOR_TYPES_DIR";

    private TypeDeclarations() {
    }

    /** The declaration of {@code type}. */
    public static TypeDeclaration of(SensorType type) {
        return type.declaration();
    }

    /**
     * Every declaration, ordered by type name: the contract's own ({@value #RESOURCE_DIR} beside this class, in its
     * jar or class folder) and those of the folder {@value #DIR_VARIABLE} names, if set.
     *
     * @throws IllegalArgumentException naming the file and the rule of a declaration that breaks one, or two files
     *                                  declaring one type
     * @throws IllegalStateException    when the folder the variable names cannot be read
     */
    public static List<TypeDeclaration> load() {
        return load(System.getenv());
    }

    /**
     * As {@link #load()}, with the environment given. Entry points call it first, so that a bad folder or file is
     * reported as a configuration error rather than as the failed initialisation of {@link SensorType}.
     */
    public static List<TypeDeclaration> load(Map<String, String> env) {
        String dir = env.get(DIR_VARIABLE);
        return load(dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)));
    }

    /** The built-in declarations and those of {@code dir}, ordered by type name; see {@link #load()}. */
    public static List<TypeDeclaration> load(Optional<Path> dir) {
        Map<String, TypeDeclaration> byType = new TreeMap<>();
        Map<String, String> sources = new HashMap<>();
        for (Map.Entry<String, byte[]> file : builtIn().entrySet()) {
            add(byType, sources, file.getKey(), file.getValue());
        }
        if (dir.isPresent()) {
            for (Map.Entry<String, byte[]> file : folder(dir.get()).entrySet()) {
                add(byType, sources, file.getKey(), file.getValue());
            }
        }
        return List.copyOf(byType.values());
    }

    private static void add(Map<String, TypeDeclaration> byType, Map<String, String> sources, String source,
                            byte[] json) {
        TypeDeclaration declaration;
        try {
            declaration = parse(source, new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        String expected = source.substring(source.lastIndexOf('/') + 1, source.length() - ".json".length());
        if (!declaration.type().equals(expected)) {
            throw new IllegalArgumentException(source + ": type: '" + declaration.type() + "' must match the file name");
        }
        String earlier = sources.put(declaration.type(), source);
        if (earlier != null) {
            throw new IllegalArgumentException(source + ": the sensor type '" + declaration.type()
                    + "' is already declared by " + earlier);
        }
        byType.put(declaration.type(), declaration);
    }

    /** The contract's own declarations, by resource path, from the jar or folder this class was loaded from. */
    private static Map<String, byte[]> builtIn() {
        Map<String, byte[]> files = new TreeMap<>();
        String dir = RESOURCE_DIR.substring(1);
        try {
            URI location = TypeDeclarations.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            Path root = Path.of(location);
            if (Files.isDirectory(root)) {
                folder(root.resolve(dir)).forEach((path, bytes) ->
                        files.put(RESOURCE_DIR + Path.of(path).getFileName(), bytes)); // named as in a jar
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(dir) && name.endsWith(".json") && name.indexOf('/', dir.length()) < 0) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put("/" + name, in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot list the built-in sensor-type declarations beside "
                    + TypeDeclarations.class.getName() + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no sensor-type declaration found at " + RESOURCE_DIR + " beside "
                    + TypeDeclarations.class.getName());
        }
        return files;
    }

    /** Every {@code *.json} file directly in {@code dir}, by path. */
    private static Map<String, byte[]> folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(DIR_VARIABLE + "=" + dir + ": not a readable folder of sensor-type "
                    + "declarations");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : stream) {
                files.put(file.toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sensor-type declarations in " + dir + ": " + e.getMessage(),
                    e);
        }
        return files;
    }

    /** Parses and checks one declaration; {@code source} names it in errors. */
    public static TypeDeclaration parse(String source, InputStream json) throws IOException {
        Object root;
        try (JsonParser parser = JSON.createParser(json)) {
            root = value(parser, parser.nextToken(), source);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException(source + ": text after the declaration's object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, Object> object = object(root, source, "the declaration");
        keys(object, TYPE_KEYS, OPTIONAL_TYPE_KEYS, source, "");
        String type = text(object, "type", source, "");
        if (!NAME.matcher(type).matches()) {
            throw new IllegalArgumentException(source + ": type: '" + type + "' must be lower-case letters, digits "
                    + "and _, starting with a letter, at most 63 characters");
        }
        String topic = text(object, "topic", source, "");
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException(source + ": topic: '" + topic + "' is not a Kafka topic name "
                    + "(letters, digits, '.', '_', '-', at most 249)");
        }
        if (!(object.get("measures") instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(source + ": measures: a non-empty list is required");
        }
        List<TypeDeclaration.Measure> measures = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "measures[" + i + "].";
            TypeDeclaration.Measure measure = measure(object(list.get(i), source, where), source, where);
            if (!names.add(measure.name())) {
                throw new IllegalArgumentException(source + ": " + where + "name: '" + measure.name()
                        + "' is declared twice");
            }
            measures.add(measure);
        }
        List<TypeDeclaration.Attribute> attributes = new ArrayList<>();
        for (Object item : list(object, "attributes", source)) {
            String where = "attributes[" + attributes.size() + "].";
            TypeDeclaration.Attribute attribute = attribute(object(item, source, where), source, where);
            if (!names.add(attribute.name())) {
                throw new IllegalArgumentException(source + ": " + where + "name: '" + attribute.name()
                        + "' is already a measure or an attribute");
            }
            attributes.add(attribute);
        }
        List<TypeDeclaration.Derived> derived = new ArrayList<>();
        List<?> declared = list(object, "derived", source);
        for (int i = 0; i < declared.size(); i++) {
            String where = "derived[" + i + "].";
            TypeDeclaration.Derived column = derived(object(declared.get(i), source, where), measures, source, where);
            if (!names.add(column.name())) {
                throw new IllegalArgumentException(source + ": " + where + "name: '" + column.name()
                        + "' is already a measure, an attribute or a derived column");
            }
            derived.add(column);
        }
        return new TypeDeclaration(type, text(object, "description", source, ""), topic, measures, attributes,
                derived);
    }

    /** An optional list of the declaration: empty when left out. */
    private static List<?> list(Map<String, Object> object, String key, String source) {
        if (object.getOrDefault(key, List.of()) instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(source + ": " + key + ": a list is required");
    }

    /** An attribute: a "category" with its categories, or "text" with its maxLength. */
    private static TypeDeclaration.Attribute attribute(Map<String, Object> a, String source, String where) {
        String valueType = text(a, "valueType", source, where);
        boolean category = valueType.equals("category");
        if (!category && !valueType.equals("text")) {
            throw new IllegalArgumentException(source + ": " + where + "valueType: '" + valueType
                    + "' is not one of [category, text]");
        }
        keys(a, union(ATTRIBUTE_KEYS, category ? CATEGORIES : MAX_LENGTH), Set.of(NULLABLE), source, where);
        String name = name(a, source, where);
        List<String> categories = List.of();
        int maxLength;
        if (category) {
            categories = categories(a, source, where);
            maxLength = categories.stream().mapToInt(String::length).max().orElseThrow();
        } else {
            double length = number(a, MAX_LENGTH, source, where);
            if (length != Math.rint(length) || length < 1 || length > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException(source + ": " + where + MAX_LENGTH + ": " + length
                        + " is not a whole number of characters 1.." + MAX_TEXT_LENGTH);
            }
            maxLength = (int) length;
        }
        return new TypeDeclaration.Attribute(name, categories, maxLength, since(a, source, where),
                nullable(a, source, where), text(a, "description", source, where));
    }

    /** A non-empty list of distinct, non-blank names without surrounding spaces (what a producer sends). */
    private static List<String> categories(Map<String, Object> object, String source, String where) {
        if (!(object.get(CATEGORIES) instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(c -> c instanceof String text && !text.isBlank() && text.equals(text.strip())
                && text.length() <= MAX_TEXT_LENGTH)) {
            throw new IllegalArgumentException(source + ": " + where + "categories: a non-empty list of names "
                    + "is required (not blank, without surrounding spaces)");
        }
        List<String> categories = list.stream().map(String.class::cast).toList();
        if (new HashSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException(source + ": " + where + "categories: a name is listed twice");
        }
        return categories;
    }

    private static boolean nullable(Map<String, Object> object, String source, String where) {
        Object value = object.getOrDefault(NULLABLE, false);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(source + ": " + where + NULLABLE + ": true or false is required");
    }

    /** A derived column: "number" or "category" (then with its categories), its expression compiled. */
    private static TypeDeclaration.Derived derived(Map<String, Object> d, List<TypeDeclaration.Measure> measures,
                                                   String source, String where) {
        String valueType = text(d, "valueType", source, where);
        boolean category = valueType.equals("category");
        if (!category && !valueType.equals("number")) {
            throw new IllegalArgumentException(source + ": " + where + "valueType: '" + valueType
                    + "' is not one of [category, number]");
        }
        keys(d, category ? union(DERIVED_KEYS, CATEGORIES) : DERIVED_KEYS, Set.of(), source, where);
        String name = name(d, source, where);
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < measures.size(); i++) {
            slots.put(measures.get(i).name(), i);
        }
        Expression expression;
        try {
            expression = Expression.parse(text(d, "expression", source, where), slots);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + where + "expression: " + e.getMessage(), e);
        }
        List<String> categories = List.of();
        if (category) {
            categories = categories(d, source, where);
            // A category column is NOT NULL in the lake: it may only read measures every reading has.
            for (String measure : expression.measures()) {
                TypeDeclaration.Measure read = measures.get(slots.get(measure));
                if (read.since() > ReadingSchema.OLDEST_SUPPORTED_VERSION) {
                    throw new IllegalArgumentException(source + ": " + where + "expression: reads " + measure
                            + ", which readings before schema v" + read.since() + " lack; a category needs a value "
                            + "in every reading");
                }
                if (read.nullable()) {
                    throw new IllegalArgumentException(source + ": " + where + "expression: reads " + measure
                            + ", which is nullable; a category needs a value in every reading");
                }
            }
        }
        return new TypeDeclaration.Derived(name, expression, categories, text(d, "description", source, where));
    }

    private static Set<String> union(Set<String> keys, String key) {
        Set<String> all = new HashSet<>(keys);
        all.add(key);
        return all;
    }

    private static TypeDeclaration.Measure measure(Map<String, Object> m, String source, String where) {
        keys(m, MEASURE_KEYS, Set.of(NULLABLE), source, where);
        String name = name(m, source, where);
        String valueType = text(m, "valueType", source, where);
        FieldType type = VALUE_TYPES.get(valueType);
        if (type == null) {
            throw new IllegalArgumentException(source + ": " + where + "valueType: '" + valueType + "' is not one of "
                    + new TreeSet<>(VALUE_TYPES.keySet()));
        }
        double min = number(m, "min", source, where);
        double max = number(m, "max", source, where);
        if (!(min <= max)) {
            throw new IllegalArgumentException(source + ": " + where + "min " + min + " is above max " + max);
        }
        // Readings hold measures as doubles, exact for whole numbers up to 2^53.
        if (type != FieldType.DOUBLE && (Math.abs(min) > 0x1p53 || Math.abs(max) > 0x1p53)) {
            throw new IllegalArgumentException(source + ": " + where + (Math.abs(max) > 0x1p53 ? "max" : "min")
                    + ": a whole measure must lie within ±2^53");
        }
        return new TypeDeclaration.Measure(name, type, min, max, text(m, "unit", source, where),
                since(m, source, where), nullable(m, source, where), text(m, "description", source, where));
    }

    private static int since(Map<String, Object> object, String source, String where) {
        double since = number(object, "since", source, where);
        if (since != Math.rint(since) || since < ReadingSchema.OLDEST_SUPPORTED_VERSION
                || since > ReadingSchema.CURRENT_VERSION) {
            throw new IllegalArgumentException(source + ": " + where + "since: " + since + " is not a schema version "
                    + ReadingSchema.OLDEST_SUPPORTED_VERSION + ".." + ReadingSchema.CURRENT_VERSION);
        }
        return (int) since;
    }

    private static String name(Map<String, Object> object, String source, String where) {
        String name = text(object, "name", source, where);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(source + ": " + where + "name: '" + name + "' must be lower-case "
                    + "letters, digits and _, starting with a letter, at most 63 characters");
        }
        return name;
    }

    /** Every key of {@code known} is required, those of {@code optional} may be left out, any other is refused. */
    private static void keys(Map<String, Object> object, Set<String> known, Set<String> optional, String source,
                             String where) {
        for (String key : object.keySet()) {
            if (!known.contains(key) && !optional.contains(key)) {
                TreeSet<String> all = new TreeSet<>(known);
                all.addAll(optional);
                throw new IllegalArgumentException(source + ": " + where + key + ": unknown field (known: " + all + ")");
            }
        }
        for (String key : known) {
            if (!object.containsKey(key)) {
                throw new IllegalArgumentException(source + ": " + where + key + ": required");
            }
        }
    }

    private static String text(Map<String, Object> object, String key, String source, String where) {
        if (object.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(source + ": " + where + key + ": a string is required");
    }

    private static double number(Map<String, Object> object, String key, String source, String where) {
        if (object.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(source + ": " + where + key + ": a number is required");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String source, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(source + ": " + where + ": an object is required");
    }

    /** A JSON value as maps (in order), lists, strings, numbers, booleans and null. */
    private static Object value(JsonParser parser, JsonToken token, String source) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException(source + ": empty");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    if (map.put(key, value(parser, parser.nextToken(), source)) != null) {
                        throw new IllegalArgumentException(source + ": " + key + ": appears twice in one object");
                    }
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t, source));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException(source + ": unexpected " + token.name().toLowerCase(Locale.ROOT));
        }
    }
}
