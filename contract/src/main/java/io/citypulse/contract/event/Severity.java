package io.citypulse.contract.event;

/** How urgently an operator should look at an anomaly. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
