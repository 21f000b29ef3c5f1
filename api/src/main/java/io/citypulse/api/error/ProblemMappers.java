package io.citypulse.api.error;

import io.citypulse.api.web.AllowedMethods;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
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
        Response.ResponseBuilder answer = answer(new Problem("about:blank", title, status, e.getMessage(), uri.getPath(), null));
        String allow = status == 405 ? AllowedMethods.of(uri.getPath()) : null;
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }

    /**
     * 503 only when the database could not be reached or was shutting down; any other SQL error is a bug of ours
     * (bad input is stopped by {@code Params} before it reaches a query) and answers 500.
     */
    @ServerExceptionMapper
    public Response database(SQLException e, UriInfo uri) {
        if (unavailable(e.getSQLState())) {
            LOG.warnf("database unavailable on %s: %s (SQLState %s)", uri.getPath(), e.getMessage(), e.getSQLState());
            return respond(new Problem("/problems/unavailable", "Backing service unavailable", 503,
                    "the serving database did not answer", uri.getPath(), null));
        }
        LOG.errorf(e, "database error on %s (SQLState %s)", uri.getPath(), e.getSQLState());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "an unexpected error occurred; it has been logged", uri.getPath(), null));
    }

    /**
     * SQLState classes of an unreachable or overloaded server: 08 connection exception, 53 insufficient resources,
     * 57 operator intervention (shutdown, restart); no state at all is the pool's own acquisition timeout.
     */
    static boolean unavailable(String sqlState) {
        return sqlState == null || sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "an unexpected error occurred; it has been logged", uri.getPath(), null));
    }

    private Response respond(Problem problem) {
        return answer(problem).build();
    }

    private Response.ResponseBuilder answer(Problem problem) {
        registry.counter("citypulse_api_problems_total", "status", String.valueOf(problem.status())).increment();
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
