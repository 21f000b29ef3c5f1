package io.citypulse.api.web;

import io.citypulse.api.error.ProblemException;
import io.citypulse.contract.event.SensorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses query parameters that arrive as text, so that every bad value becomes a 400 naming the parameter
 * instead of a framework conversion error.
 */
public final class Params {

    /** Longest id or text filter accepted; the OpenAPI document declares the same bound (OpenApiContract). */
    public static final int MAX_TEXT = 100;
    /** What {@link #identifier} accepts, as a JSON Schema pattern: no control characters. */
    public static final String PRINTABLE = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";

    /** RFC 3339 date-time: ISO-8601 with an offset; 't' and 'z' may be lower case. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME).toFormatter(Locale.ROOT);

    private Params() {
    }

    /** An ISO-8601 instant with offset ({@code 2026-11-21T10:00:00Z} or {@code +01:00}); empty when absent. */
    public static Optional<Instant> instant(String name, String value) {
        if (absent(name, value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value, DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            throw ProblemException.badParameter(name, "'" + value + "' is not an ISO-8601 date-time with offset, "
                    + "e.g. 2026-11-21T10:00:00Z");
        }
    }

    /** A required ISO-8601 instant. */
    public static Instant requiredInstant(String name, String value) {
        return instant(name, value).orElseThrow(() -> ProblemException.badParameter(name, name + " is required"));
    }

    /** An integer within [min, max], {@code dflt} when absent. */
    public static int intInRange(String name, String value, int dflt, int min, int max) {
        if (absent(name, value)) {
            return dflt;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "'" + value + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badParameter(name, name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** A declared sensor type by wire name, case-insensitive. */
    public static Optional<SensorType> sensorType(String name, String value) {
        if (absent(name, value)) {
            return Optional.empty();
        }
        return Optional.of(SensorType.fromWireName(value.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                ProblemException.badParameter(name, "'" + value + "' is not a sensor type; expected one of "
                        + SensorType.names())));
    }

    /** A constant of {@code type} by name, case-insensitive. */
    public static <E extends Enum<E>> Optional<E> enumValue(String name, String value, Class<E> type) {
        if (absent(name, value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(name, "'" + value + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A free-text filter such as a zone or sensor id: trimmed, bounded in length, printable; empty when absent. */
    public static Optional<String> text(String name, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        return Optional.of(identifier(name, value.strip()));  // strip, not trim: trim would also drop control characters
    }

    /**
     * An id as given in a path or filter: at most {@value #MAX_TEXT} characters, none of them a control character
     * (PostgreSQL refuses NUL in text, so it must be stopped here as bad input, not reach the database).
     */
    public static String identifier(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw ProblemException.badParameter(name, name + " must be at most " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ProblemException.badParameter(name, name + " must not contain control characters (found U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at position " + i + ")");
            }
        }
        return value;
    }

    /**
     * True when the parameter was not sent. An empty value ({@code ?limit=}) reaches a resource as null, so it means
     * the same as leaving the parameter out (the OpenAPI document says allowEmptyValue); a value of only spaces is a
     * 400, since no typed parameter has one.
     */
    public static boolean absent(String name, String value) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            throw ProblemException.badParameter(name, name + " is empty; leave it out for the default");
        }
        return false;
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
