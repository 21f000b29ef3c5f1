# Sourced by create-topics.sh and await-topics.sh: topic_catalog prints "name partitions" for every topic of the
# contract (TopicCatalog), with Kafka's own libraries (kafka-clients, jackson-core) beside the contract jar.
CONTRACT_JAR=${CONTRACT_JAR:-/citypulse/contract/citypulse-contract.jar}
KAFKA_LIBS=${KAFKA_LIBS:-/opt/kafka/libs}

topic_catalog() {
  if [[ ! -f "$CONTRACT_JAR" ]]; then
    echo "topic catalog: no contract jar at $CONTRACT_JAR (build it first: mvn install -DskipTests)" >&2
    return 1
  fi
  local catalog
  catalog=$(java -cp "$CONTRACT_JAR:$KAFKA_LIBS/*" io.citypulse.contract.topic.TopicCatalog) || {
    echo "topic catalog: the contract could not list the topics (see above)" >&2
    return 1
  }
  [[ -n "$catalog" ]] || { echo "topic catalog: empty" >&2; return 1; }
  echo "$catalog"
}
