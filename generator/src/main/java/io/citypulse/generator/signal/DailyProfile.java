package io.citypulse.generator.signal;

import io.citypulse.contract.catalog.ZoneKind;

/**
 * Time-of-day and weekday shapes, as fractions of capacity (traffic) or rated load (energy). Times
 * are UTC: the simulated city keeps UTC as its local time so profiles line up with event times.
 */
public final class DailyProfile {

    private static final long DAY_MS = 86_400_000L;

    private DailyProfile() {
    }

    /** Hours since midnight, fractional. */
    public static double hourOfDay(long epochMillis) {
        return Math.floorMod(epochMillis, DAY_MS) / 3_600_000.0;
    }

    /** Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
    public static int dayOfWeek(long epochMillis) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, DAY_MS) + 3, 7);
    }

    public static boolean weekend(long epochMillis) {
        return dayOfWeek(epochMillis) >= 5;
    }

    /** Day of the year, 0..365, for the seasonal temperature swing. */
    public static double dayOfYear(long epochMillis) {
        double days = Math.floorDiv(epochMillis, DAY_MS);
        return ((days % 365.2425) + 365.2425) % 365.2425;
    }

    private static double bump(double hour, double center, double width) {
        double d = (hour - center) / width;
        return Math.exp(-0.5 * d * d);
    }

    /** Traffic demand 0..1: rush hours about 7-9 and 16-19 on weekdays, quiet nights, lighter weekends. */
    public static double traffic(long epochMillis, ZoneKind kind) {
        double h = hourOfDay(epochMillis);
        double night = 0.04;
        if (weekend(epochMillis)) {
            double shopping = kind == ZoneKind.COMMERCIAL || kind == ZoneKind.MIXED ? 0.42 : 0.30;
            double industrialFactor = kind == ZoneKind.INDUSTRIAL ? 0.5 : 1.0;
            return night + industrialFactor * (shopping * bump(h, 13.5, 3.2) + 0.08 * bump(h, 20, 2));
        }
        double shift = kind == ZoneKind.INDUSTRIAL ? -1.0 : 0.0; // shift work starts and ends earlier
        double morning = kind == ZoneKind.RESIDENTIAL ? 0.78 : 0.70;
        double evening = kind == ZoneKind.COMMERCIAL ? 0.78 : 0.68;
        double daytime = 0.30 * (smoothStep(h, 6.5 + shift, 1.0) - smoothStep(h, 20.5, 1.5));
        return night + daytime + morning * bump(h, 8.0 + shift, 0.75) + evening * bump(h, 17.5 + shift, 1.0);
    }

    /** Energy load as a fraction of rated load, shaped by the zone's kind and the weekday. */
    public static double energy(long epochMillis, ZoneKind kind) {
        double h = hourOfDay(epochMillis);
        boolean weekend = weekend(epochMillis);
        double residential = 0.16 + 0.22 * bump(h, 7.5, 1.2) + 0.50 * bump(h, 19.5, 2.0)
                + 0.12 * (smoothStep(h, 9, 1) - smoothStep(h, 17, 1)) * (weekend ? 1.6 : 1.0);
        double commercial = 0.14 + (weekend ? 0.14 : 0.62) * (smoothStep(h, 7.5, 0.8) - smoothStep(h, 19, 1.0));
        double industrial = (weekend ? 0.30 : 0.42) + (weekend ? 0.08 : 0.40) * (smoothStep(h, 5.5, 0.5) - smoothStep(h, 22, 0.6));
        return switch (kind) {
            case RESIDENTIAL -> residential;
            case COMMERCIAL -> commercial;
            case INDUSTRIAL -> industrial;
            case MIXED -> (residential + commercial) / 2;
        };
    }

    /** 0 before {@code at}, 1 after, a logistic ramp of about {@code width} hours between. */
    private static double smoothStep(double hour, double at, double width) {
        return 1 / (1 + Math.exp(-(hour - at) * 4 / width));
    }
}
