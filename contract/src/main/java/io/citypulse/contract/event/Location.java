package io.citypulse.contract.event;

/** A WGS84 position in decimal degrees. */
public record Location(double lat, double lon) {
    public Location {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("lat must be within [-90, 90]: " + lat);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("lon must be within [-180, 180]: " + lon);
        }
    }
}
