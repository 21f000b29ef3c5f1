package io.citypulse.api.web;

import io.citypulse.api.config.ApiConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The browser console's settings. Its pages are static resources (META-INF/resources/console, reached from
 * {@code /console}), and everything it shows comes from /api/v1 with the user's key, this too: a tile URL may hold
 * the tile provider's token. Hidden from the OpenAPI document: it serves the console, not clients.
 */
@Path("/api/v1/console")
public class ConsoleResource {

    private static final Pattern TILE_URL = Pattern.compile("https?://[^\\s]*\\{z}[^\\s]*\\{x}[^\\s]*\\{y}[^\\s]*");

    /** What the console needs to know that the API's data does not say. */
    public record Settings(String tileUrl, long silentAfterSeconds) {
    }

    @Inject
    ApiConfig config;

    void onStart(@Observes StartupEvent event) {
        tileUrl(config.console().tileUrl());
        if (config.console().silentAfter().isNegative() || config.console().silentAfter().isZero()) {
            throw new IllegalStateException("CITYPULSE_CONSOLE_SILENT_AFTER must be a positive ISO-8601 duration such as "
                    + "PT1M, got " + config.console().silentAfter());
        }
    }

    @GET
    @Path("/settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Settings settings() {
        return new Settings(tileUrl(config.console().tileUrl()), config.console().silentAfter().toSeconds());
    }

    /** The configured template, or null; one that is not http(s) with {z}, {x} and {y} in order is refused. */
    static String tileUrl(Optional<String> configured) {
        String url = configured.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (url != null && !TILE_URL.matcher(url).matches()) {
            throw new IllegalStateException("CITYPULSE_CONSOLE_TILE_URL must be an http(s) URL template holding {z}, {x} "
                    + "and {y} in that order, e.g. https://tile.example.org/{z}/{x}/{y}.png; got '" + url + "'");
        }
        return url;
    }
}
