package io.citypulse.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedMethodsTest {

    @Test
    void templatesMatchTheirPathsAndNothingLonger() {
        assertThat(AllowedMethods.regex("/api/v1/sensors/{id}/history").matcher("/api/v1/sensors/traffic-0001/history")
                .matches()).isTrue();
        assertThat(AllowedMethods.regex("/api/v1/sensors/{id}").matcher("/api/v1/sensors/a/history").matches()).isFalse();
        assertThat(AllowedMethods.regex("/api/v1/zones/").matcher("/api/v1/zones").matches()).isTrue();
        assertThat(AllowedMethods.regex("/").matcher("/").matches()).isTrue();
        assertThat(AllowedMethods.regex("/a/{n: [0-9]+}").matcher("/a/12").matches()).isTrue();
        assertThat(AllowedMethods.regex("/a/{n: [0-9]+}").matcher("/a/x").matches()).isFalse();
    }
}
