package io.citypulse.generator.signal;

/**
 * Stateless, seeded randomness: every value is a pure function of (seed, stream, index, channel), so
 * a reading depends only on its sensor and time slot, never on what was generated before it. That
 * makes runs byte-identical for a seed and stable across restarts, at no allocation per value.
 */
public final class Noise {

    private final long seed;

    public Noise(long seed) {
        this.seed = seed;
    }

    /** SplitMix64 finaliser: a good 64-bit mix in a few multiplications. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits for one (stream, index, channel). */
    public long bits(long stream, long index, int channel) {
        return mix(mix(mix(seed ^ stream * 0x9e3779b97f4a7c15L) + index) + channel * 0x632be59bd9b4e019L);
    }

    /** Uniform in [0, 1). */
    public double uniform(long stream, long index, int channel) {
        return (bits(stream, index, channel) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    public double between(long stream, long index, int channel, double low, double high) {
        return low + (high - low) * uniform(stream, index, channel);
    }

    /** Roughly standard normal (Irwin-Hall of four uniforms, scaled): bounded to about +-3.5. */
    public double gaussian(long stream, long index, int channel) {
        long a = bits(stream, index, channel);
        long b = mix(a);
        double sum = ((a >>> 32) + (a & 0xffffffffL) + (b >>> 32) + (b & 0xffffffffL)) * 0x1.0p-32;
        return (sum - 2.0) * Math.sqrt(3.0);
    }

    /**
     * Smooth noise in [-1, 1] over continuous time: random values at knots every {@code periodMillis},
     * cosine-interpolated between them. Slow fronts and local traffic drift use it.
     */
    public double smooth(long stream, long epochMillis, long periodMillis, int channel) {
        long knot = Math.floorDiv(epochMillis, periodMillis);
        double t = (double) Math.floorMod(epochMillis, periodMillis) / periodMillis;
        double a = uniform(stream, knot, channel) * 2 - 1;
        double b = uniform(stream, knot + 1, channel) * 2 - 1;
        double w = (1 - Math.cos(Math.PI * t)) / 2;
        return a + (b - a) * w;
    }
}
