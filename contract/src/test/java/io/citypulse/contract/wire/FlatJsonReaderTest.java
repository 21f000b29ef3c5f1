package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.citypulse.contract.event.SampleReadings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FlatJsonReader} against Jackson's streaming parser (the decoder it replaced) as the oracle: on valid records,
 * on hand-picked corner cases and on hundreds of thousands of randomly mutated records, both must read the same
 * values, or both must refuse the bytes. Only the wording of a refusal may differ, and bytes that are not UTF-8,
 * which this reader always refuses.
 */
class FlatJsonReaderTest {

    private static final Map<String, Integer> SLOTS = Map.of(
            "schema_version", 0, "event_id", 1, "lat", 2, "seq", 3, "zone", 4, "sensor_type", 5, "vehicle_count", 6);
    private static final FlatJsonReader READER = new FlatJsonReader(SLOTS);

    /** What a reader made of some bytes. */
    private sealed interface Outcome {
    }

    private record Values(List<Object> values) implements Outcome {
    }

    /** Malformed JSON, or JSON that is not an object: the codec rejects both as NOT_DECODABLE. */
    private record Refused() implements Outcome {
    }

    @Test
    void readsTheValuesOfEveryKindAsJacksonDoes() throws Exception {
        Object[] raw = READER.read(utf8("{\"schema_version\":2,\"event_id\":\"a\\\"b\\u00e9\\n\\\\/\",\"lat\":-0.0,"
                + "\"seq\":12345678901234567890,\"zone\":null,\"sensor_type\":[1,{\"x\":[]}],\"vehicle_count\":true,"
                + "\"unknown\":{\"deep\":[1.5e3,\"\\ud83d\\ude00\"]}}"));
        assertThat(raw).containsExactly(2L, "a\"b\u00e9\n\\/", -0.0, 1.2345678901234567e19, FlatJsonReader.JSON_NULL,
                new FlatJsonReader.OtherToken(JsonToken.START_ARRAY), new FlatJsonReader.OtherToken(JsonToken.VALUE_TRUE));
        assertSameAsJackson(utf8("{\"schema_version\":2,\"event_id\":\"a\\\"b\\u00e9\\n\\\\/\",\"lat\":-0.0}"));
    }

    @Test
    void agreesWithJacksonOnCornerCases() {
        List<String> cases = List.of(
                "{}", " {} ", "\uFEFF{\"seq\":1}", "[]", "\"text\"", "42", "true", "nul", "hello", "", "   ", "{", "}",
                "{\"seq\":1,}", "{\"seq\" 1}", "{\"seq\":01}", "{\"seq\":-01}", "{\"seq\":-}", "{\"seq\":1.}",
                "{\"seq\":.5}", "{\"seq\":+1}", "{\"seq\":1e}", "{\"seq\":1e+}", "{\"seq\":NaN}", "{\"seq\":Infinity}",
                "{\"seq\":-Infinity}", "{\"seq\":1x}", "{\"seq\":tru}", "{\"seq\":truex}", "{\"seq\":nullx}",
                "{\"seq\":9223372036854775807}", "{\"seq\":-9223372036854775808}", "{\"seq\":9223372036854775808}",
                "{\"seq\":-9223372036854775809}", "{\"seq\":123456789012345678901234567890}",
                "{\"lat\":1e400}", "{\"lat\":-1e400}", "{\"lat\":1e-400}", "{\"lat\":4.9e-324}", "{\"lat\":2.2250738585072014E-308}",
                "{\"lat\":1.7976931348623157e308}", "{\"lat\":0.1}", "{\"lat\":0.30000000000000004}",
                "{\"lat\":123456789012345678.5}", "{\"lat\":9007199254740993.0}", "{\"lat\":1E22}", "{\"lat\":1E23}",
                "{\"lat\":12345.678e-20}", "{\"lat\":0e0}", "{\"lat\":-0}", "{\"lat\":1e99999999999}",
                "{\"zone\":\"\\u004\"}", "{\"zone\":\"\\x\"}", "{\"zone\":\"tab\there\"}", "{\"zone\":\"\\uD800\"}",
                "{\"zo\\u006ee\":\"escaped name\"}", "{\"zone\":\"a\"}x", "{\"zone\":\"a\"}{}", "{\"zone\":\"a\"} ,",
                "{\"seq\":1,\"seq\":2}", "{\"seq\":[1,2,]}", "{\"seq\":{\"a\":1,}}", "{\"seq\":{1:2}}", "{'seq':1}",
                "{\"seq\":1}\n\t\r ", "{\"seq\"\n:\n1\n}", "{\"seq\":1/*c*/}", "{\"seq\":\"\u00e9\u20ac\ud83d\ude00\"}",
                "{\"zone\":" + "[".repeat(1200) + "]".repeat(1200) + "}", "{\"seq\":1" + "0".repeat(1100) + "}");
        for (String json : cases) {
            assertSameAsJackson(utf8(json));
        }
        for (byte[] bytes : List.of(new byte[] {'{', '"', 'z', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
                new byte[] {'{', '"', 'z', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'z', '"', ':', '"', (byte) 0xF0, (byte) 0x9F, '"', '}'},
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0xA9, '"', ':', '1', '}'},
                new byte[] {'{', '"', 'z', '"', ':', '"', 0x01, '"', '}'},
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00})) {
            assertSameAsJackson(bytes);
        }
    }

    @Test
    void parsesNumbersToTheSameBitsAsJackson() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double value = switch (i % 4) {
                case 0 -> Math.round(random.nextDouble(-1000, 1000) * 100) / 100.0;
                case 1 -> random.nextDouble(-1e6, 1e6);
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextInt(-100_000, 100_000) / Math.pow(10, random.nextInt(0, 25));
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            String text = switch (i % 3) {
                case 0 -> Double.toString(value);
                case 1 -> String.format(Locale.ROOT, "%." + random.nextInt(0, 18) + "f", value);
                default -> String.format(Locale.ROOT, "%." + random.nextInt(0, 18) + "e", value);
            };
            assertSameAsJackson(utf8("{\"lat\":" + text + ",\"seq\":" + random.nextLong() + "}"));
        }
    }

    @Test
    void agreesWithJacksonOnMutatedRecords() {
        List<byte[]> seeds = new ArrayList<>();
        for (var reading : List.of(SampleReadings.traffic(), SampleReadings.weather(), SampleReadings.energyV2(),
                SampleReadings.energyV1())) {
            seeds.add(ReadingCodec.encode(reading));
        }
        seeds.add(utf8("{\"event_id\":\"caf\u00e9 \\u2603 \\\"q\\\"\",\"zone\":null,\"x\":[true,false,{\"y\":-1.5E-3}]}"));
        String[] tokens = {"\\", "\"", "{", "}", "[", "]", ":", ",", " ", "\n", "-", "+", ".", "e", "E", "0", "1", "9",
            "true", "false", "null", "\\u00e9", "\\ud83d", "\\n", "1e400", "-0.0", "9223372036854775808", "0.1",
            "\u00e9", "\ud83d\ude00", "{\"a\":[1,{}]}", "[]", "\"s\"", "\t", "nul", "/", "'"};
        byte[] rawBytes = {0x00, 0x01, 0x1f, 0x7f, (byte) 0x80, (byte) 0xC3, (byte) 0xE2, (byte) 0xED, (byte) 0xF0,
            (byte) 0xFF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        SplittableRandom random = new SplittableRandom(2026);
        Map<String, Integer> outcomes = new HashMap<>();
        for (int i = 0; i < 300_000; i++) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size()));
            for (int m = random.nextInt(1, 4); m > 0; m--) {
                bytes = mutate(bytes, random, tokens, rawBytes);
            }
            outcomes.merge(assertSameAsJackson(bytes).getClass().getSimpleName(), 1, Integer::sum);
        }
        // Both kinds of outcome must be well represented, or the comparison proves little.
        assertThat(outcomes.getOrDefault("Values", 0)).isGreaterThan(30_000);
        assertThat(outcomes.getOrDefault("Refused", 0)).isGreaterThan(30_000);
    }

    private static byte[] mutate(byte[] bytes, SplittableRandom random, String[] tokens, byte[] rawBytes) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        switch (random.nextInt(6)) {
            case 0 -> { // replace one byte with a token
                out.write(bytes, 0, at);
                out.writeBytes(utf8(tokens[random.nextInt(tokens.length)]));
                out.write(bytes, Math.min(at + 1, bytes.length), Math.max(0, bytes.length - at - 1));
            }
            case 1 -> { // insert a token
                out.write(bytes, 0, at);
                out.writeBytes(utf8(tokens[random.nextInt(tokens.length)]));
                out.write(bytes, at, bytes.length - at);
            }
            case 2 -> { // delete a few bytes
                int n = Math.min(random.nextInt(1, 4), bytes.length - at);
                out.write(bytes, 0, at);
                out.write(bytes, at + n, bytes.length - at - n);
            }
            case 3 -> { // replace one byte with a raw byte (control, non-ASCII, invalid UTF-8)
                out.writeBytes(bytes);
                byte[] copy = out.toByteArray();
                if (copy.length > 0) {
                    copy[at] = rawBytes[random.nextInt(rawBytes.length)];
                }
                return copy;
            }
            case 4 -> out.write(bytes, 0, at); // truncate
            default -> { // repeat a span
                int n = Math.min(random.nextInt(1, 20), bytes.length - at);
                out.write(bytes, 0, at + n);
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }

    /**
     * Ours must equal Jackson's outcome, except on bytes that are not UTF-8, which ours always refuses: Jackson lets
     * some through (in field names, in values it skips, and surrogates encoded as UTF-8).
     */
    private static Outcome assertSameAsJackson(byte[] bytes) {
        Outcome ours = ours(bytes);
        Outcome expected = isUtf8(bytes) ? jackson(bytes) : new Refused();
        assertThat(ours).as("%s", Arrays.toString(bytes)).isEqualTo(expected);
        return ours;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Outcome ours(byte[] bytes) {
        try {
            Object[] raw = READER.read(bytes);
            return raw == null ? new Refused() : new Values(Arrays.asList(raw));
        } catch (FlatJsonReader.MalformedJsonException e) {
            return new Refused();
        }
    }

    /** The decoder's former reading loop, on Jackson's parser with the wire factory's settings. */
    private static Outcome jackson(byte[] bytes) {
        try (JsonParser parser = WireJson.FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Refused();
            }
            Object[] raw = new Object[SLOTS.size()];
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                Integer slot = SLOTS.get(parser.currentName());
                JsonToken token = parser.nextToken();
                Object value = switch (token) {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
                    case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                    case VALUE_NULL -> FlatJsonReader.JSON_NULL;
                    default -> {
                        parser.skipChildren();
                        yield new FlatJsonReader.OtherToken(token);
                    }
                };
                if (slot != null) {
                    raw[slot] = value;
                }
            }
            return parser.nextToken() != null ? new Refused() : new Values(Arrays.asList(raw));
        } catch (IOException e) {
            return new Refused();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
