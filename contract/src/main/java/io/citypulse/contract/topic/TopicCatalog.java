package io.citypulse.contract.topic;

import io.citypulse.contract.schema.TypeDeclarations;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints the topic catalog, {@code name partitions} a line: {@link Topics#all()}, so the declared types' reading
 * topics too, those of {@code CITYPULSE_SENSOR_TYPES_DIR} included. Compose's topic scripts
 * (infrastructure/docker/kafka/) run it with Kafka's own libraries on the class path, so they create and await the
 * topics the processes will use, without a list of their own:
 * {@code java -cp citypulse-contract.jar:/opt/kafka/libs/* io.citypulse.contract.topic.TopicCatalog}.
 */
public final class TopicCatalog {

    private TopicCatalog() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("TopicCatalog takes no arguments (got " + String.join(" ", args) + "); it prints "
                    + "'name partitions' for every topic, reading " + TypeDeclarations.DIR_VARIABLE);
            System.exit(2);
        }
        try {
            TypeDeclarations.load(System.getenv()); // a bad folder or file: its own message, not a failed class init
        } catch (RuntimeException e) {
            System.err.println("TopicCatalog: " + e.getMessage());
            System.exit(1);
        }
        System.out.print(lines(Topics.all()));
    }

    /** One {@code name partitions} line per topic. */
    public static String lines(List<Topic<?, ?>> topics) {
        return topics.stream().map(t -> t.name() + " " + t.partitions() + "\n").collect(Collectors.joining());
    }
}
