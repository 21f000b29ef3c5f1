package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorType;
import java.util.List;
import java.util.Locale;

/**
 * Renders the field tables of docs/schema.md from the {@link FieldSpec}s, so the docs cannot drift
 * from the schema ({@code SchemaDocTest} checks they have not). Run {@link #main} and paste its
 * output over the tables after changing a field.
 */
public final class SchemaDoc {

    private static final String HEAD = "| Field | JSON type | Spark type | Unit | Valid range | Since | Description |\n"
            + "|---|---|---|---|---|---|---|\n";

    private static final String DERIVED_HEAD = "| Type | Column | Spark type | Values | Expression | Description |\n"
            + "|---|---|---|---|---|---|\n";

    private SchemaDoc() {
    }

    public static void main(String[] args) {
        System.out.print(tables());
    }

    /** Every table of the doc, each under its heading, in doc order. */
    public static String tables() {
        StringBuilder out = new StringBuilder();
        out.append("### Header (every reading)\n\n").append(table(ReadingSchema.HEADER)).append('\n');
        for (SensorType type : SensorType.all()) {
            out.append("### ").append(capitalized(type.wireName())).append(" measures\n\n")
                    .append(table(ReadingSchema.of(type).measures())).append('\n');
            if (!ReadingSchema.of(type).attributes().isEmpty()) {
                out.append("### ").append(capitalized(type.wireName())).append(" attributes\n\n")
                        .append(table(ReadingSchema.of(type).attributes())).append('\n');
            }
        }
        out.append("### Lake-only columns\n\n").append(DERIVED_HEAD);
        for (SensorType type : SensorType.all()) {
            for (TypeDeclaration.Derived d : TypeDeclarations.of(type).derived()) {
                out.append("| ").append(type.wireName()).append(" | `").append(d.name()).append("` | ")
                        .append(d.isCategory() ? "STRING NOT NULL | " + String.join(", ", d.categories())
                                : "DOUBLE | a number, null where not finite")
                        .append(" | `").append(d.expression().toString().replace("|", "\\|")).append("` | ")
                        .append(d.description().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    /** One markdown table of {@code fields}. */
    public static String table(List<FieldSpec> fields) {
        StringBuilder out = new StringBuilder(HEAD);
        for (FieldSpec field : fields) {
            out.append(row(field)).append('\n');
        }
        return out.toString();
    }

    /** The table row of one field; its range is exactly {@link FieldSpec#rangeText()}, then "or null" if nullable. */
    public static String row(FieldSpec field) {
        return "| `" + field.name() + "` | " + jsonType(field.type()) + " | " + field.type().sparkType()
                + " | " + (field.unit().isEmpty() ? "-" : field.unit()) + " | " + field.rangeText()
                + (field.nullable() ? " or null" : "") + " | v" + field.sinceVersion() + " | "
                + field.description().replace("|", "\\|") + " |";
    }

    private static String jsonType(FieldType type) {
        return switch (type) {
            case STRING -> "string";
            case INT, LONG -> "integer";
            case DOUBLE -> "number";
            case TIMESTAMP_MILLIS -> "integer (epoch ms)";
        };
    }

    private static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
