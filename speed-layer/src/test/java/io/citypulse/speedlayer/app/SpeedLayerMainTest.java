package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.schema.TypeDeclarations;
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

    @Test
    void aMissingSensorTypeFolderIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> new SpeedLayerMain().config(Map.of(TypeDeclarations.DIR_VARIABLE, "/no/such/folder")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CITYPULSE_SENSOR_TYPES_DIR=/no/such/folder: not a readable folder of sensor-type declarations");
    }
}
