package io.citypulse.api.error;

/** A caller-visible failure that becomes a problem+json response; never carries a stack trace to the client. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String parameter;

    public ProblemException(int status, String type, String title, String detail, String parameter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.parameter = parameter;
    }

    /** 400: {@code parameter} has a value the API cannot accept; {@code detail} says why. */
    public static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(400, "/problems/bad-parameter", "Bad request parameter", detail, parameter);
    }

    /** 404: the thing named in the path does not exist. */
    public static ProblemException notFound(String parameter, String detail) {
        return new ProblemException(404, "/problems/not-found", "Not found", detail, parameter);
    }

    /** 503: a backing service (Kafka, PostgreSQL, S3) did not answer. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "/problems/unavailable", "Backing service unavailable", detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String parameter() {
        return parameter;
    }
}
