package io.citypulse.speedlayer.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionConfigTest {

    @Test
    void overridesThresholdsFromEnvironmentVariables() {
        Map<String, String> env = Map.of("CITYPULSE_SPEED_RULE_WIND_MAX_MS", "30", "CITYPULSE_SPEED_RULE_STUCK_MIN_READINGS", "90");
        DetectionConfig config = DetectionConfig.from(DetectionConfig.fromEnvironment(env));
        assertThat(config.windMaxMs()).isEqualTo(30);
        assertThat(config.stuckMinReadings()).isEqualTo(90);
        assertThat(config.airQualityMax()).isEqualTo(DetectionConfig.DEFAULT.airQualityMax());
    }

    @Test
    void namesTheBadSetting() {
        assertThatThrownBy(() -> DetectionConfig.from(Map.of("wind.max_ms", "fast")))
                .hasMessageContaining("wind.max_ms");
        assertThatThrownBy(() -> DetectionConfig.from(Map.of("wind.speed", "3")))
                .hasMessageContaining("wind.speed");
        assertThatThrownBy(() -> DetectionConfig.from(Map.of("severity.high", "0.05")))
                .hasMessageContaining("severity");
    }
}
