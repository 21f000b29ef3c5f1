package io.citypulse.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** HTTP load over loopback with the JDK HttpClient: closed loop for throughput, open model for latency. */
final class LoadGenerator {

    /** What a run measured. */
    record Result(long requests, long errors, double seconds, double p50Ms, double p99Ms, double maxMs) {
        double rps() {
            return requests / seconds;
        }
    }

    private final HttpClient http;
    private final String apiKey;

    LoadGenerator(String apiKey) {
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("X-API-Key", apiKey).timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** {@code connections} threads each sending the next request as soon as the previous answer arrived. */
    Result closedLoop(int connections, Duration duration, IntFunction<URI> uris) throws InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger sequence = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        CountDownLatch done = new CountDownLatch(connections);
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int id = c;
            latencies[id] = new long[1 << 18];
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> response = http.send(request(uris.apply(sequence.getAndIncrement())),
                                HttpResponse.BodyHandlers.ofByteArray());
                        long elapsed = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        if (counts[id] < latencies[id].length) {
                            latencies[id][counts[id]++] = elapsed;
                        }
                        requests.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "bench-closed-" + c);
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        return summarize(all, requests.get(), errors.get(), seconds);
    }

    /**
     * Sends {@code rate} requests per second on a fixed schedule whatever the answers do (open model); latency is
     * measured from the scheduled send time, so a stalled server cannot hide queueing (no coordinated omission).
     */
    Result openModel(int rate, Duration duration, IntFunction<URI> uris) throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            http.sendAsync(request(uris.apply(i)), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                latencies[index] = System.nanoTime() - due;
                if (error != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            errors.addAndGet(done.getCount());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summarize(latencies, total, errors.get(), seconds);
    }

    private static Result summarize(long[] latencies, long requests, long errors, double seconds) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(requests, errors, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
