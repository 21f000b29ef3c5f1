package io.citypulse.api.statistics;

import io.citypulse.api.config.ApiConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One shared Kafka admin client for statistics and the readiness check, created on first use. */
@ApplicationScoped
public class KafkaAdmin {

    @Inject
    ApiConfig config;

    private Admin admin;

    public synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "citypulse-api-admin");
            // An HTTP caller is waiting: fail within seconds instead of the default minute.
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
