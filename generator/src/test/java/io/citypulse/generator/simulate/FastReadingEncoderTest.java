package io.citypulse.generator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.signal.SensorProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's fast encoder must write exactly what the contract's ReadingCodec writes. */
class FastReadingEncoderTest {

    @Test
    void writesTheSameBytesAsReadingCodecForEveryType() {
        List<SensorProfile> city = Simulations.city(3, 20, 10, 20);
        assertThat(FastReadingEncoder.supports(city)).isTrue();
        Instant from = Instant.parse("2026-01-15T00:00:00Z");
        CollectingSink sink = Simulations.run(city, 3, 60_000, InjectionRates.none(), from, from.plusSeconds(86_400));
        assertThat(sink.records).hasSize(50 * 1440);
        for (CollectingSink.Sent sent : sink.records) {
            assertThat(new String(sent.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(ReadingCodec.encode(sent.reading()), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesNegativeAndExtremeValuesLikeJackson() {
        List<SensorProfile> city = Simulations.city(3, 1, 1, 1);
        FastReadingEncoder encoder = new FastReadingEncoder(city);
        double[][] measures = {
            {0, 0.0, 100.0},
            {-25.3, 0.0, 1000.0, 35.0, 0.01, 500},
            {1.0E-4, 230.0, 0.1, 1.0, 49.999},
        };
        for (int i = 0; i < city.size(); i++) {
            byte[] fast = encoder.encode(i, 1_772_604_000L, 1_772_604_000_000L, measures[i]);
            byte[] codec = ReadingCodec.encode(Readings.build(city.get(i), 1_772_604_000L, 1_772_604_000_000L, measures[i]));
            assertThat(new String(fast)).isEqualTo(new String(codec));
        }
    }
}
