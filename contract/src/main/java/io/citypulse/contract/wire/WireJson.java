package io.citypulse.contract.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

/** The one Jackson factory of the wire formats. */
final class WireJson {

    /**
     * Doubles are parsed and written with Jackson's fast algorithms (FastDoubleParser, Schubfach): both are exact
     * (a value round-trips bit for bit) and several times cheaper than {@code Double.parseDouble}/{@code toString},
     * which dominated decoding in the speed layer's allocation profile.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private WireJson() {
    }
}
