package io.citypulse.api.web;

import io.citypulse.api.error.ProblemException;
import io.citypulse.contract.event.SensorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses query parameters that arrive as text, so that every bad value becomes a 400 naming the parameter
 * instead of a framework conversion error.
 */
public final class Params {

    private Params() {
    }

    /** An ISO-8601 instant with offset ({@code 2026-11-21T10:00:00Z} or {@code +01:00}); empty when absent. */
    public static Optional<Instant> instant(String name, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
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
        if (blank(value)) {
            return dflt;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "'" + value + "' is not an integer");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badParameter(name, name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** A sensor type by wire name (traffic, weather, energy), case-insensitive. */
    public static Optional<SensorType> sensorType(String name, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        return Optional.of(SensorType.fromWireName(value.trim().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                ProblemException.badParameter(name, "'" + value + "' is not a sensor type; expected one of "
                        + Arrays.stream(SensorType.values()).map(SensorType::wireName).collect(Collectors.joining(", ")))));
    }

    /** A constant of {@code type} by name, case-insensitive. */
    public static <E extends Enum<E>> Optional<E> enumValue(String name, String value, Class<E> type) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter(name, "'" + value + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A free-text filter such as a zone or sensor id: trimmed, bounded in length. */
    public static Optional<String> text(String name, String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.length() > 100) {
            throw ProblemException.badParameter(name, name + " must be at most 100 characters");
        }
        return Optional.of(trimmed);
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
