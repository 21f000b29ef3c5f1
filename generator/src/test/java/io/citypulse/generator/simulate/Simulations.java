package io.citypulse.generator.simulate;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.signal.SensorProfile;
import java.time.Instant;
import java.util.List;

/** Runs a simulator over a time range into a {@link CollectingSink}. */
public final class Simulations {

    private Simulations() {
    }

    public static List<SensorProfile> city(long seed, int traffic, int weather, int energy) {
        return SensorCatalog.generate(seed, traffic, weather, energy).sensors().stream().map(SensorProfile::new).toList();
    }

    public static CollectingSink run(List<SensorProfile> sensors, long seed, long intervalMillis, InjectionRates rates,
                                     Instant from, Instant to) {
        long first = from.toEpochMilli() / intervalMillis;
        long last = to.toEpochMilli() / intervalMillis - 1;
        CitySimulator simulator = new CitySimulator(sensors, seed, intervalMillis, rates, first, last);
        CollectingSink sink = new CollectingSink();
        for (long slot = first; slot <= last; slot++) {
            simulator.emitSlot(slot, sink);
        }
        simulator.releaseAll(sink);
        return sink;
    }
}
