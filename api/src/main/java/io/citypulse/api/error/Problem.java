package io.citypulse.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail; {@code parameter} names the request parameter that was wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
