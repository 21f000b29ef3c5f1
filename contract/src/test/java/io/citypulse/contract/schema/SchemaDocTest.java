package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.wire.RejectionReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/schema.md must describe the schema the code has. */
class SchemaDocTest {

    private static List<String> lines;
    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        Path file = docsSchema();
        doc = Files.readString(file, StandardCharsets.UTF_8);
        lines = doc.lines().toList();
    }

    @Test
    void listsEveryFieldWithItsRangeExactlyAsTheSchemaRendersIt() {
        List<String> missing = allFields()
                .filter(field -> lines.stream().noneMatch(line -> line.startsWith("| `" + field.name() + "` |")
                        && line.contains("| " + field.rangeText() + " |")))
                .map(field -> field.name() + " " + field.rangeText())
                .toList();
        assertThat(missing).as("fields without a row giving their exact range in docs/schema.md").isEmpty();
    }

    @Test
    void containsTheFieldTablesGeneratedFromTheSchema() {
        assertThat(doc).as("docs/schema.md is stale: regenerate its tables with SchemaDoc.main")
                .contains(SchemaDoc.tables());
    }

    @Test
    void documentsEveryRejectionReason() {
        for (RejectionReason reason : RejectionReason.values()) {
            assertThat(lines).as(reason.label()).anyMatch(line -> line.startsWith("| `" + reason.label() + "` |"));
        }
    }

    @Test
    void namesTheFieldsEachVersionAddedInTheVersionHistory() {
        for (int version = ReadingSchema.OLDEST_SUPPORTED_VERSION; version <= ReadingSchema.CURRENT_VERSION; version++) {
            String prefix = "| v" + version + " |";
            String row = lines.stream().filter(line -> line.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no version history row " + prefix));
            int added = version;
            allFields().filter(field -> field.sinceVersion() == added && added > 1)
                    .forEach(field -> assertThat(row).contains("`" + field.name() + "`"));
        }
    }

    private static Stream<FieldSpec> allFields() {
        return Stream.concat(ReadingSchema.HEADER.stream(),
                SensorType.all().stream().flatMap(type -> ReadingSchema.of(type).measures().stream()));
    }

    /** docs/schema.md of the repository, found from the module directory Surefire runs in. */
    private static Path docsSchema() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("schema.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/schema.md not found above " + Path.of("").toAbsolutePath());
    }
}
