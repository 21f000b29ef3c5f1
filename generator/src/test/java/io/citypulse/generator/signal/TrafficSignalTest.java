package io.citypulse.generator.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.generator.simulate.Simulations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reported vehicle count is a whole-number Poisson draw around the rate, so a window's mean estimates the rate. */
class TrafficSignalTest {

    private static final SensorProfile SENSOR = Simulations.city(5, 1, 0, 0).get(0);
    private static final TrafficSignal SIGNAL = new TrafficSignal(new Noise(5), 1000);

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.6, 3, 40, 200})
    void drawsWholeCountsWhoseMeanAndVarianceAreTheRate(double rate) {
        int n = 20_000;
        double sum = 0;
        double squares = 0;
        double[] m = new double[3];
        for (long slot = 0; slot < n; slot++) {
            m[TrafficSignal.COUNT] = rate;
            SIGNAL.drawCount(SENSOR, slot, m);
            assertThat(m[TrafficSignal.COUNT]).isNotNegative().isEqualTo(Math.rint(m[TrafficSignal.COUNT]));
            sum += m[TrafficSignal.COUNT];
            squares += m[TrafficSignal.COUNT] * m[TrafficSignal.COUNT];
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        assertThat(mean).isCloseTo(rate, org.assertj.core.data.Offset.offset(5 * Math.sqrt(rate / n)));
        assertThat(variance / rate).isBetween(0.9, 1.1);
    }

    @Test
    void aHigherRateNeverDrawsALowerCountForTheSameSlot() {
        double[] low = new double[3];
        double[] high = new double[3];
        for (long slot = 0; slot < 5_000; slot++) {
            low[TrafficSignal.COUNT] = 0.4;
            high[TrafficSignal.COUNT] = 1.7;
            SIGNAL.drawCount(SENSOR, slot, low);
            SIGNAL.drawCount(SENSOR, slot, high);
            assertThat(high[TrafficSignal.COUNT]).isGreaterThanOrEqualTo(low[TrafficSignal.COUNT]);
        }
    }
}
