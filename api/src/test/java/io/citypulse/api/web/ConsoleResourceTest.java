package io.citypulse.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsoleResourceTest {

    @Test
    void noTileUrlMeansNoTiles() {
        assertThat(ConsoleResource.tileUrl(Optional.empty())).isNull();
        assertThat(ConsoleResource.tileUrl(Optional.of("  "))).isNull();
        assertThat(ConsoleResource.tileUrl(Optional.of("https://t.example/{z}/{x}/{y}.png?key=k")))
                .isEqualTo("https://t.example/{z}/{x}/{y}.png?key=k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t.example/{z}/{x}/{y}.png", "https://t.example/{x}/{y}/{z}.png", "https://t.example/tiles",
        "javascript:alert(1)//{z}{x}{y}"})
    void aTileUrlWithoutSchemeOrPlaceholdersStopsTheStartNamingTheVariable(String url) {
        assertThatThrownBy(() -> ConsoleResource.tileUrl(Optional.of(url)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CITYPULSE_CONSOLE_TILE_URL must be an http(s) URL template");
    }
}
