package io.citypulse.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.api.error.ProblemException;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void parsesInstantsWithAnyOffsetToUtc() {
        assertThat(Params.instant("from", "2026-11-20T11:00:00+01:00")).contains(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(Params.instant("from", "2026-11-20t10:00:00z")).as("RFC 3339 allows lower case")
                .contains(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(Params.instant("from", null)).isEmpty();
    }

    @Test
    void aValueOfOnlySpacesIsABadValueNotTheDefault() {
        assertThatThrownBy(() -> Params.intInRange("limit", " ", 50, 1, 1000))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.parameter()).isEqualTo("limit");
                    assertThat(e.getMessage()).contains("empty");
                });
        assertThat(Params.text("zone", " ")).as("a text filter of spaces filters nothing").isEmpty();
    }

    @Test
    void idsAreBoundedAndPrintable() {
        assertThat(Params.identifier("id", "traffic-0001")).isEqualTo("traffic-0001");
        assertThatThrownBy(() -> Params.identifier("id", "a\u0000b"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("U+0000 at position 1");
                });
        assertThatThrownBy(() -> Params.text("zone", "x".repeat(Params.MAX_TEXT + 1))).hasMessageContaining("at most 100");
        assertThat("a\u0000b").as("the pattern the document declares agrees").doesNotMatch(Params.PRINTABLE);
        assertThat("traffic-0001 ü").matches(Params.PRINTABLE);
    }

    @Test
    void rejectsInstantsWithoutOffsetNamingTheParameter() {
        assertThatThrownBy(() -> Params.instant("until", "2026-11-20T10:00:00"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.parameter()).isEqualTo("until");
                });
    }

    @Test
    void boundsIntegers() {
        assertThat(Params.intInRange("limit", null, 50, 1, 1000)).isEqualTo(50);
        assertThat(Params.intInRange("limit", "1000", 50, 1, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> Params.intInRange("limit", "1001", 50, 1, 1000)).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> Params.intInRange("limit", "9999999999", 50, 1, 1000)).hasMessageContaining("not an integer");
    }

    @Test
    void parsesEnumsCaseInsensitively() {
        assertThat(Params.sensorType("type", "Traffic")).contains(SensorType.TRAFFIC);
        assertThat(Params.enumValue("severity", "critical", Severity.class)).contains(Severity.CRITICAL);
        assertThatThrownBy(() -> Params.sensorType("type", "bus")).hasMessageContaining("energy, traffic, weather");
    }

    @Test
    void cursorsRoundTripAndRejectForeignValues() {
        String cursor = Cursors.encode("2026-11-20T10:00:00.123456Z", "3f1c");
        assertThat(Cursors.decode(cursor, 2)).containsExactly("2026-11-20T10:00:00.123456Z", "3f1c");
        assertThatThrownBy(() -> Cursors.decode(cursor, 1)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Cursors.decode("%%%", 1)).isInstanceOf(ProblemException.class);
        String forged = java.util.Base64.getUrlEncoder().encodeToString("a\u0000b".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Cursors.decode(forged, 1)).as("a NUL must not reach the database")
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.parameter()).isEqualTo("cursor"));
    }
}
