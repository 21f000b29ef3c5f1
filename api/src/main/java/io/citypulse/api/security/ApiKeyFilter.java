package io.citypulse.api.security;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.error.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires a valid {@code X-API-Key} on every /api/v1 request when {@code citypulse.auth.enabled}. The key's
 * SHA-256 is compared with every configured digest in constant time, so neither timing nor the number of keys
 * tells a caller how close a guess was.
 */
@ApplicationScoped
public class ApiKeyFilter {

    public static final String HEADER = "X-API-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    @Inject
    ApiConfig config;

    private volatile List<byte[]> digests = List.of();

    void onStart(@Observes StartupEvent event) {
        digests = parse(config.auth().keySha256().orElse(List.of()));
        if (config.auth().enabled() && digests.isEmpty()) {
            throw new IllegalStateException("citypulse.auth.enabled is true but CITYPULSE_API_KEY_SHA256 is empty: set it "
                    + "to the SHA-256 hex digest of at least one API key (comma-separated), or set "
                    + "CITYPULSE_API_AUTH_ENABLED=false for a closed network");
        }
        LOG.infof("API key auth %s (%d key digests)", config.auth().enabled() ? "on" : "off", digests.size());
    }

    /** Pre-matching, so unknown /api/v1 paths also answer 401 to a caller without a key. */
    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!config.auth().enabled() || !request.getUriInfo().getPath().startsWith("/api/v1")
                || "OPTIONS".equals(request.getMethod())) {
            return null;
        }
        String key = request.getHeaderString(HEADER);
        if (key != null && matches(key)) {
            return null;
        }
        String detail = key == null ? "missing " + HEADER + " header" : "invalid API key";
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"")
                .entity(new Problem("/problems/unauthorized", "Unauthorized", 401, detail,
                        request.getUriInfo().getPath(), HEADER)).build();
    }

    boolean matches(String key) {
        byte[] digest = sha256(key);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(digest, accepted);  // no early exit: time does not depend on which key
        }
        return match;
    }

    static List<byte[]> parse(List<String> hexDigests) {
        return hexDigests.stream().map(String::trim).filter(s -> !s.isEmpty()).map(hex -> {
            if (!hex.matches("(?i)[0-9a-f]{64}")) {
                throw new IllegalStateException("CITYPULSE_API_KEY_SHA256: '" + abbreviate(hex)
                        + "' is not a SHA-256 hex digest (64 hex digits)");
            }
            return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        }).toList();
    }

    /** SHA-256 of {@code key}'s UTF-8 bytes. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 8 ? hex : hex.substring(0, 8) + "...";
    }
}
