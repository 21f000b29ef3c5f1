package io.citypulse.contract.catalog;

import io.citypulse.contract.event.Location;

/**
 * A named district of the city.
 *
 * @param id       stable lower-case id used in events, views and URLs
 * @param name     display name
 * @param center   centre of the district
 * @param radiusKm sensors of the zone lie within this distance of the centre
 * @param kind     what dominates the district; shapes traffic and load profiles
 */
public record Zone(String id, String name, Location center, double radiusKm, ZoneKind kind) {
}
