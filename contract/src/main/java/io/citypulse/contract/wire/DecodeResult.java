package io.citypulse.contract.wire;

import io.citypulse.contract.event.SensorReading;

/** Either a valid reading or the reason the bytes are not one; decoding never throws. */
public sealed interface DecodeResult {

    /** Bytes that decoded into a valid reading. */
    record Valid(SensorReading reading) implements DecodeResult {
    }

    /** Bytes that did not, with the reason. */
    record Rejected(Rejection rejection) implements DecodeResult {
    }

    static DecodeResult valid(SensorReading reading) {
        return new Valid(reading);
    }

    static DecodeResult rejected(RejectionReason reason, String field, String detail) {
        return new Rejected(new Rejection(reason, field, detail));
    }
}
