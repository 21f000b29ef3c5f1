package io.citypulse.batch.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a job's metrics to the Prometheus Pushgateway in the text format with a plain HTTP request (no client
 * library on the Spark classpath). Group: {@code job="citypulse-batch", batch_job="<job>"}.
 *
 * <p>A success replaces the group (PUT) with {@code citypulse_batch_<figure>} gauges, the duration and
 * {@code citypulse_batch_last_success_timestamp_seconds}; a failure only updates
 * {@code citypulse_batch_last_failure_timestamp_seconds} (POST), so the last success time survives.
 */
public final class Pushgateway {

    private static final Logger LOG = LoggerFactory.getLogger(Pushgateway.class);

    private Pushgateway() {
    }

    /** The text-format body for a summary. */
    public static String body(JobSummary summary, long nowSeconds) {
        StringBuilder text = new StringBuilder();
        if (summary.ok()) {
            for (Map.Entry<String, Number> figure : summary.figures().entrySet()) {
                gauge(text, "citypulse_batch_" + figure.getKey(), "last run: " + figure.getKey().replace('_', ' '),
                        figure.getValue().doubleValue());
            }
            summary.perType().forEach((name, byType) -> {
                header(text, "citypulse_batch_" + name, "last run: " + name.replace('_', ' ') + " per sensor type");
                byType.forEach((type, value) -> sample(text, "citypulse_batch_" + name + "{sensor_type=\"" + type + "\"}",
                        value.doubleValue()));
            });
            gauge(text, "citypulse_batch_duration_seconds", "wall time of the last successful run",
                    summary.durationSeconds());
            gauge(text, "citypulse_batch_last_success_timestamp_seconds", "end of the last successful run", nowSeconds);
        } else {
            gauge(text, "citypulse_batch_last_failure_timestamp_seconds", "end of the last failed run", nowSeconds);
        }
        return text.toString();
    }

    /** Pushes; a Pushgateway that is down is logged, never fatal for the job. */
    public static void push(URI gateway, JobSummary summary) {
        String url = gateway.toString().replaceAll("/+$", "") + "/metrics/job/citypulse-batch/batch_job/" + summary.job();
        String body = body(summary, System.currentTimeMillis() / 1000);
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; version=0.0.4")
                .method(summary.ok() ? "PUT" : "POST", publisher)
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("Pushgateway {} answered {}: {}", url, response.statusCode(), response.body());
            }
        } catch (IOException e) {
            LOG.warn("cannot push metrics to {}: {}", url, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        header(text, name, help);
        sample(text, name, value);
    }

    private static void header(StringBuilder text, String name, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder text, String series, double value) {
        text.append(series).append(' ').append(String.format(Locale.ROOT, "%s", value)).append('\n');
    }
}
