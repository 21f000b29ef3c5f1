package io.citypulse.contract.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec bench's anchor: Jackson's streaming parser and generator on the same records, with no schema, checks or
 * objects built. Parsing reads every token and value; writing replays each record's tokens, taken from the encoded
 * bytes once, so it needs no field list. Configured like the wire's factory (fast double parsing and writing).
 */
final class JacksonAnchor {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final byte[][] encoded;
    private final JsonToken[][] tokens;
    private final Object[][] values;
    private long sink;

    private JacksonAnchor(byte[][] encoded, JsonToken[][] tokens, Object[][] values) {
        this.encoded = encoded;
        this.tokens = tokens;
        this.values = values;
    }

    static JacksonAnchor of(byte[][] encoded) {
        JsonToken[][] tokens = new JsonToken[encoded.length][];
        Object[][] values = new Object[encoded.length][];
        List<JsonToken> t = new ArrayList<>();
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < encoded.length; i++) {
            t.clear();
            v.clear();
            try (JsonParser parser = JSON.createParser(encoded[i])) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    t.add(token);
                    v.add(switch (token) {
                        case FIELD_NAME -> parser.currentName();
                        case VALUE_STRING -> parser.getText();
                        case VALUE_NUMBER_INT -> parser.getLongValue();
                        case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                        default -> null;
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tokens[i] = t.toArray(JsonToken[]::new);
            values[i] = v.toArray();
        }
        return new JacksonAnchor(encoded, tokens, values);
    }

    void parseAll() {
        long n = 0;
        try {
            for (byte[] bytes : encoded) {
                try (JsonParser parser = JSON.createParser(bytes)) {
                    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                        n += switch (token) {
                            case FIELD_NAME -> parser.currentName().length();
                            case VALUE_STRING -> parser.getText().length();
                            case VALUE_NUMBER_INT -> parser.getLongValue();
                            case VALUE_NUMBER_FLOAT -> (long) parser.getDoubleValue();
                            default -> 1;
                        };
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink += n;
    }

    void writeAll() {
        long bytes = 0;
        try {
            for (int i = 0; i < tokens.length; i++) {
                try (ByteArrayBuilder out = new ByteArrayBuilder(512); JsonGenerator json = JSON.createGenerator(out)) {
                    JsonToken[] t = tokens[i];
                    Object[] v = values[i];
                    for (int k = 0; k < t.length; k++) {
                        switch (t[k]) {
                            case START_OBJECT -> json.writeStartObject();
                            case END_OBJECT -> json.writeEndObject();
                            case START_ARRAY -> json.writeStartArray();
                            case END_ARRAY -> json.writeEndArray();
                            case FIELD_NAME -> json.writeFieldName((String) v[k]);
                            case VALUE_STRING -> json.writeString((String) v[k]);
                            case VALUE_NUMBER_INT -> json.writeNumber((Long) v[k]);
                            case VALUE_NUMBER_FLOAT -> json.writeNumber((Double) v[k]);
                            case VALUE_TRUE -> json.writeBoolean(true);
                            case VALUE_FALSE -> json.writeBoolean(false);
                            case VALUE_NULL -> json.writeNull();
                            default -> throw new IllegalStateException("unexpected token " + t[k]);
                        }
                    }
                    json.flush();
                    bytes += out.size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink += bytes;
    }

    long sink() {
        return sink;
    }
}
