package io.citypulse.api.error;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into application/problem+json: ours, JAX-RS ones (404 route, 405, 406) and unexpected ones. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    MeterRegistry registry;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(e.type(), e.title(), e.status(), e.getMessage(), uri.getPath(), e.parameter()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(new Problem("about:blank", title, status, e.getMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response database(SQLException e, UriInfo uri) {
        LOG.errorf("database error on %s: %s (SQLState %s)", uri.getPath(), e.getMessage(), e.getSQLState());
        return respond(new Problem("/problems/unavailable", "Backing service unavailable", 503,
                "the serving database did not answer", uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "an unexpected error occurred; it has been logged", uri.getPath(), null));
    }

    private Response respond(Problem problem) {
        registry.counter("citypulse_api_problems_total", "status", String.valueOf(problem.status())).increment();
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
