package io.citypulse.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the supervisor last said about one service, kept in {@code STATE/supervisor/NAME.properties} for {@code status}.
 *
 * @param restarts how many times it was started again since {@code up}
 * @param lastExit how it last exited ("killed by SIGKILL (exit code 137) after 312 s"), empty if it never did
 * @param reason   why it was given up (status {@link Status#FAILED}), else empty
 */
record ServiceState(Status status, int restarts, String lastExit, String reason) {

    /** Supervision status; {@code status} shows it in lower case. */
    enum Status { UP, RESTARTING, FAILED }

    static final ServiceState STARTED = new ServiceState(Status.UP, 0, "", "");

    ServiceState restarting(String exit, int restartNumber) {
        return new ServiceState(Status.RESTARTING, restartNumber, exit, "");
    }

    ServiceState up() {
        return new ServiceState(Status.UP, restarts, lastExit, "");
    }

    ServiceState failed(String exit, String why) {
        return new ServiceState(Status.FAILED, restarts, exit, why);
    }

    Map<String, String> toProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("status", status.name());
        map.put("restarts", Integer.toString(restarts));
        map.put("last_exit", lastExit);
        map.put("reason", reason);
        return map;
    }

    /** The state in {@code properties}, or {@link #STARTED} for a file from another version of the launcher. */
    static ServiceState fromProperties(Map<String, String> properties) {
        try {
            return new ServiceState(Status.valueOf(properties.getOrDefault("status", "UP")),
                    Integer.parseInt(properties.getOrDefault("restarts", "0")),
                    properties.getOrDefault("last_exit", ""), properties.getOrDefault("reason", ""));
        } catch (IllegalArgumentException e) {
            return STARTED;
        }
    }
}
