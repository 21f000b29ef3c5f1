package io.citypulse.api.config;

import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.time.PlatformClock;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A bad CITYPULSE_CLOCK_OFFSET or CITYPULSE_SENSOR_TYPES_DIR stops the start, naming the variable and the problem,
 * instead of failing each request that reads now or a type.
 */
@ApplicationScoped
class DataClockCheck {

    private static final Logger LOG = Logger.getLogger(DataClockCheck.class);

    void onStart(@Observes StartupEvent event) {
        TypeDeclarations.load(System.getenv());
        Duration offset = PlatformClock.offset(System.getenv());
        if (!offset.isZero()) {
            LOG.warnf("the time of the data is shifted by %s (%s): for tests and demos only", offset, PlatformClock.VARIABLE);
        }
    }
}
