package io.citypulse.api.web;

import io.citypulse.api.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque keyset cursors: the sort key of the last item returned, base64url-encoded. */
public final class Cursors {

    private static final char SEPARATOR = '\u001f';

    private Cursors() {
    }

    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(String.valueOf(SEPARATOR), parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code expectedParts} parts of {@code cursor}; 400 on anything this API did not hand out. */
    public static List<String> decode(String cursor, int expectedParts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            List<String> parts = List.of(text.split(String.valueOf(SEPARATOR), -1));
            // A forged cursor can decode to anything: no part of one this API made holds a control character.
            if (parts.size() != expectedParts || text.chars().anyMatch(c -> c != SEPARATOR && Character.isISOControl(c))) {
                throw new IllegalArgumentException("wrong shape");
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badParameter("cursor", "not a cursor returned by this endpoint");
        }
    }
}
