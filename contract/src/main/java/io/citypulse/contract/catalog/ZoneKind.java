package io.citypulse.contract.catalog;

/** What dominates a district; the generator uses it to shape daily profiles. */
public enum ZoneKind {
    COMMERCIAL,
    RESIDENTIAL,
    INDUSTRIAL,
    MIXED
}
