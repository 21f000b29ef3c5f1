package io.citypulse.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void parsesDigestsCaseInsensitivelyAndSkipsBlanks() {
        String hex = HexFormat.of().formatHex(ApiKeyFilter.sha256("k"));
        assertThat(ApiKeyFilter.parse(List.of(" " + hex.toUpperCase() + " ", ""))).hasSize(1)
                .first().isEqualTo(ApiKeyFilter.sha256("k"));
    }

    @Test
    void refusesSomethingThatIsNotASha256DigestNamingTheVariable() {
        assertThatThrownBy(() -> ApiKeyFilter.parse(List.of("my-plain-key")))
                .hasMessageContaining("CITYPULSE_API_KEY_SHA256").hasMessageContaining("64 hex digits")
                .hasMessageNotContaining("my-plain-key");
    }
}
