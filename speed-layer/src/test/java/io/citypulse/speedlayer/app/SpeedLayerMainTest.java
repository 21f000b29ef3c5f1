package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.time.PlatformClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedLayerMainTest {

    @Test
    void badClockOffsetIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> new SpeedLayerMain().config(Map.of(PlatformClock.VARIABLE, "tomorrow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CITYPULSE_CLOCK_OFFSET: 'tomorrow' is not an ISO-8601 duration");
    }
}
