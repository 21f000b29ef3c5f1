package io.citypulse.speedlayer.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void printsWhatFormatPrints() {
        double[] edges = {0, -0.0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.675, -2.675, -0.04, -0.05, 0.5, 1.5, 2.5, 99.95, 1e-9,
                123456789.125, -40.0, 1.005, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
        for (double value : edges) {
            assertSameAsFormat(value);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // Measures as readings carry them (two decimals), their means, and raw doubles of any size.
            assertSameAsFormat(Math.round(random.nextDouble(-500, 500) * 100) / 100.0);
            assertSameAsFormat(random.nextDouble(-500, 500));
            assertSameAsFormat(random.nextDouble() * Math.pow(10, random.nextInt(-6, 12)));
        }
    }

    private static void assertSameAsFormat(double value) {
        for (int places = 0; places <= 2; places++) {
            assertThat(Decimals.fixed(value, places))
                    .as("%s with %d places", value, places)
                    .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
        }
    }
}
