package io.citypulse.contract.wire;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the wire format's one flat JSON object straight from its UTF-8 bytes into values by field slot: text as
 * {@code String}, whole numbers as {@code Long} (beyond 64 bits as {@code Double}), other numbers as {@code Double},
 * null as {@link #JSON_NULL}, and booleans, objects and arrays as an {@link OtherToken}. Fields it has no slot for
 * are read and dropped. Anything that is not JSON (RFC 8259) fails with a {@link MalformedJsonException} that says
 * what and where.
 *
 * <p>Why not Jackson's parser: field names are matched as bytes, without a String or a symbol table per name, and
 * short decimals take Clinger's exact fast path (a whole mantissa below 2^53 times or over an exact power of ten is
 * correctly rounded). In the batch ingest's cold JVM it also left the JIT about 1 s less CPU (batch-jobs/README.md).
 * {@code FlatJsonReaderTest} holds it to Jackson's verdict on a large set of mutated records. Thread-safe.
 */
final class FlatJsonReader {

    /** A field present with the value null (an absent field has no value at all). */
    static final Object JSON_NULL = new Object();

    /** Marks a value of a JSON type no schema field has (boolean, object, array). */
    record OtherToken(JsonToken token) {
    }

    private static final OtherToken TRUE = new OtherToken(JsonToken.VALUE_TRUE);
    private static final OtherToken FALSE = new OtherToken(JsonToken.VALUE_FALSE);
    private static final OtherToken OBJECT = new OtherToken(JsonToken.START_OBJECT);
    private static final OtherToken ARRAY = new OtherToken(JsonToken.START_ARRAY);

    /** As Jackson's default StreamReadConstraints: longer numbers and deeper nesting are refused. */
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_DEPTH = 1000;
    /** Exact powers of ten as doubles: 10^22 is the largest. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /** The JSON text is not one well-formed object of the wire format. No stack trace: a bad record is data. */
    static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message, int position) {
            super(message + " at byte " + position, null, false, false);
        }
    }

    private final Map<String, Integer> slotsByName;
    private final int slotCount;
    /** Open addressing over the names' UTF-8 bytes: no String is made to find a field. */
    private final byte[][] tableNames;
    private final int[] tableSlots;
    private final int tableMask;

    FlatJsonReader(Map<String, Integer> slotsByName) {
        this.slotsByName = Map.copyOf(slotsByName);
        this.slotCount = slotsByName.size();
        int size = Integer.highestOneBit(Math.max(4, slotCount * 4) - 1) << 1;
        this.tableNames = new byte[size][];
        this.tableSlots = new int[size];
        this.tableMask = size - 1;
        slotsByName.forEach((name, slot) -> {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int i = hash(bytes, 0, bytes.length) & tableMask;
            while (tableNames[i] != null) {
                i = (i + 1) & tableMask;
            }
            tableNames[i] = bytes;
            tableSlots[i] = slot;
        });
    }

    /**
     * The values of the object's fields by slot (null where absent), or null when the bytes are a JSON value other
     * than an object.
     */
    Object[] read(byte[] bytes) throws MalformedJsonException {
        return new Parse(bytes).object();
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 7);
    }

    /** The slot of a name held unescaped in {@code bytes[from, to)}, or -1. */
    private int slotOf(byte[] bytes, int from, int to) {
        int i = hash(bytes, from, to) & tableMask;
        for (byte[] name = tableNames[i]; name != null; name = tableNames[i = (i + 1) & tableMask]) {
            if (Arrays.equals(name, 0, name.length, bytes, from, to)) {
                return tableSlots[i];
            }
        }
        return -1;
    }

    /** One read's position in its bytes. */
    private final class Parse {
        private final byte[] in;
        private int pos;

        Parse(byte[] in) {
            this.in = in;
            if (in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF) {
                pos = 3; // a UTF-8 byte order mark, as Jackson skips it
            }
        }

        Object[] object() throws MalformedJsonException {
            skipWhitespace();
            if (pos == in.length) {
                return null;
            }
            if (in[pos] != '{') {
                byte b = in[pos];
                if (b != '[' && b != '"' && b != '-' && !isLetter(b)) {
                    throw unexpected("a JSON object");
                }
                if (isLetter(b) && !isDigit(b)) {
                    literalOrUnrecognized();
                }
                return null; // a JSON value, but not an object
            }
            pos++;
            Object[] raw = new Object[slotCount];
            skipWhitespace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    int slot = fieldName();
                    Object value = value(1);
                    if (slot >= 0) {
                        raw[slot] = value; // a repeated field: the last one wins, as in Jackson
                    }
                    if (endOfMembers('}')) {
                        break;
                    }
                }
            }
            skipWhitespace();
            if (pos < in.length) {
                if (isLetter(in[pos])) {
                    throw unrecognizedToken();
                }
                throw new MalformedJsonException("trailing data after the JSON object", pos);
            }
            return raw;
        }

        /** Reads {@code "name" :} and returns the name's slot, or -1 for a field no schema has. */
        private int fieldName() throws MalformedJsonException {
            skipWhitespace();
            if (peek() != '"') {
                throw unexpected("a field name in double quotes");
            }
            int from = ++pos;
            while (pos < in.length) {
                byte b = in[pos];
                if (b == '"') {
                    int slot = slotOf(in, from, pos++);
                    colon();
                    return slot;
                }
                if (b == '\\' || b < 0x20) { // escapes, non-ASCII or control characters: the general way
                    pos = from - 1;
                    Integer slot = slotsByName.get(text());
                    colon();
                    return slot == null ? -1 : slot;
                }
                pos++;
            }
            throw endOfInput();
        }

        private void colon() throws MalformedJsonException {
            skipWhitespace();
            if (peek() != ':') {
                throw unexpected("':' after a field name");
            }
            pos++;
            skipWhitespace();
        }

        /** After a member: true at the {@code close} bracket, false after a comma; both consumed. */
        private boolean endOfMembers(char close) throws MalformedJsonException {
            skipWhitespace();
            int b = peek();
            if (b == ',') {
                pos++;
                return false;
            }
            if (b == close) {
                pos++;
                return true;
            }
            throw unexpected("',' or '" + close + "'");
        }

        private Object value(int depth) throws MalformedJsonException {
            skipWhitespace();
            int b = peek();
            switch (b) {
                case '"':
                    return text();
                case '{':
                    skipObject(depth + 1);
                    return OBJECT;
                case '[':
                    skipArray(depth + 1);
                    return ARRAY;
                case 't':
                    literal("true");
                    return TRUE;
                case 'f':
                    literal("false");
                    return FALSE;
                case 'n':
                    literal("null");
                    return JSON_NULL;
                default:
                    if (b == '-' || (b >= '0' && b <= '9')) {
                        return number();
                    }
                    if (isLetter((byte) b)) {
                        throw unrecognizedToken();
                    }
                    throw unexpected("a value");
            }
        }

        private void skipObject(int depth) throws MalformedJsonException {
            checkDepth(depth);
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return;
            }
            do {
                skipWhitespace();
                if (peek() != '"') {
                    throw unexpected("a field name in double quotes");
                }
                text();
                colon();
                value(depth);
            } while (!endOfMembers('}'));
        }

        private void skipArray(int depth) throws MalformedJsonException {
            checkDepth(depth);
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return;
            }
            do {
                value(depth);
            } while (!endOfMembers(']'));
        }

        private void checkDepth(int depth) throws MalformedJsonException {
            if (depth > MAX_DEPTH) {
                throw new MalformedJsonException("nesting deeper than " + MAX_DEPTH, pos);
            }
        }

        private void literalOrUnrecognized() throws MalformedJsonException {
            switch (in[pos]) {
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> throw unrecognizedToken();
            }
        }

        private void literal(String word) throws MalformedJsonException {
            int end = pos + word.length();
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
                    throw unrecognizedToken();
                }
            }
            if (end < in.length && isLetter(in[end])) {
                throw unrecognizedToken();
            }
            pos = end;
        }

        /** A string at {@code pos} (its opening quote): plain ASCII is copied as is, the rest decoded strictly. */
        private String text() throws MalformedJsonException {
            int from = ++pos;
            boolean ascii = true;
            while (pos < in.length) {
                byte b = in[pos];
                if (b == '"') {
                    String text = ascii ? new String(in, from, pos - from, StandardCharsets.ISO_8859_1)
                            : utf8(from, pos);
                    pos++;
                    return text;
                }
                if (b == '\\') {
                    return escapedText(from);
                }
                if (b >= 0 && b < 0x20) {
                    throw new MalformedJsonException("control character " + b + " inside text (must be escaped)", pos);
                }
                ascii &= b >= 0;
                pos++;
            }
            throw endOfInput();
        }

        /** The rest of a string that has escapes; {@code from} is where its content starts. */
        private String escapedText(int from) throws MalformedJsonException {
            StringBuilder text = new StringBuilder(pos - from + 16);
            int run = from; // start of the bytes not yet appended
            while (pos < in.length) {
                byte b = in[pos];
                if (b == '"') {
                    text.append(utf8(run, pos));
                    pos++;
                    return text.toString();
                }
                if (b >= 0 && b < 0x20) {
                    throw new MalformedJsonException("control character " + b + " inside text (must be escaped)", pos);
                }
                if (b != '\\') {
                    pos++;
                    continue;
                }
                text.append(utf8(run, pos));
                if (++pos >= in.length) {
                    throw endOfInput();
                }
                switch (in[pos]) {
                    case '"' -> text.append('"');
                    case '\\' -> text.append('\\');
                    case '/' -> text.append('/');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = ++pos < in.length ? Character.digit(in[pos], 16) : -2;
                            if (digit == -2) {
                                throw endOfInput();
                            }
                            if (digit < 0 || in[pos] < 0) {
                                throw new MalformedJsonException("\\u must be followed by 4 hex digits", pos);
                            }
                            code = code * 16 + digit;
                        }
                        text.append((char) code);
                    }
                    default -> throw new MalformedJsonException("unknown escape '\\" + (char) (in[pos] & 0xff) + "'", pos);
                }
                run = ++pos;
            }
            throw endOfInput();
        }

        /** Strict UTF-8: an invalid sequence is malformed JSON, not a replacement character. */
        private String utf8(int from, int to) throws MalformedJsonException {
            for (int i = from; i < to; i++) {
                if (in[i] < 0) {
                    try {
                        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(in, from, to - from));
                        return chars.toString();
                    } catch (CharacterCodingException e) {
                        throw new MalformedJsonException("invalid UTF-8 inside text", from);
                    }
                }
            }
            return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        }

        /** A number as RFC 8259 writes it: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private Object number() throws MalformedJsonException {
            int start = pos;
            boolean negative = in[pos] == '-';
            if (negative) {
                pos++;
            }
            long mantissa = 0;
            int digits = 0; // significant digits in the mantissa, leading zeros excluded
            int intStart = pos;
            while (pos < in.length && isDigit(in[pos])) {
                if (mantissa != 0 || in[pos] != '0') {
                    digits++;
                    mantissa = mantissa * 10 + (in[pos] - '0'); // overflows past 18 digits: not used then
                }
                pos++;
            }
            int intDigits = pos - intStart;
            if (intDigits == 0) {
                throw pos < in.length ? unexpected("a digit") : endOfInput();
            }
            if (intDigits > 1 && in[intStart] == '0') {
                throw new MalformedJsonException("leading zeroes are not allowed in a number", intStart);
            }
            int fractionDigits = 0;
            boolean whole = true;
            if (pos < in.length && in[pos] == '.') {
                whole = false;
                pos++;
                while (pos < in.length && isDigit(in[pos])) {
                    if (mantissa != 0 || in[pos] != '0') {
                        digits++;
                        mantissa = mantissa * 10 + (in[pos] - '0');
                    }
                    fractionDigits++;
                    pos++;
                }
                if (fractionDigits == 0) {
                    throw pos < in.length ? unexpected("a digit after the decimal point") : endOfInput();
                }
            }
            int exponent = 0;
            boolean exponentFits = true;
            if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
                whole = false;
                pos++;
                boolean negativeExponent = pos < in.length && in[pos] == '-';
                if (pos < in.length && (in[pos] == '-' || in[pos] == '+')) {
                    pos++;
                }
                int exponentStart = pos;
                while (pos < in.length && isDigit(in[pos])) {
                    exponentFits &= exponent < 100_000;
                    exponent = exponent * 10 + (in[pos] - '0');
                    pos++;
                }
                if (pos == exponentStart) {
                    throw pos < in.length ? unexpected("a digit in the exponent") : endOfInput();
                }
                exponent = negativeExponent ? -exponent : exponent;
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                throw new MalformedJsonException("number longer than " + MAX_NUMBER_LENGTH + " characters", start);
            }
            if (pos < in.length && !isDelimiter(in[pos])) {
                throw unexpected("a delimiter after a number");
            }
            if (whole) {
                if (digits <= 18) {
                    return negative ? -mantissa : mantissa;
                }
                String literal = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException beyond64Bits) {
                    return Double.parseDouble(literal);
                }
            }
            int scale = exponent - fractionDigits;
            if (digits <= 15 && exponentFits && scale >= -22 && scale <= 22) {
                double value = scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
                return negative ? -value : value;
            }
            return Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        }

        private void skipWhitespace() {
            while (pos < in.length) {
                byte b = in[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return;
                }
                pos++;
            }
        }

        /** The byte at {@code pos} (0..255), or -1 at the end. */
        private int peek() {
            return pos < in.length ? in[pos] & 0xff : -1;
        }

        private MalformedJsonException unexpected(String expected) {
            if (pos >= in.length) {
                return endOfInput();
            }
            int b = in[pos] & 0xff;
            String found = b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
            return new MalformedJsonException("expected " + expected + ", found " + found, pos);
        }

        private MalformedJsonException endOfInput() {
            return new MalformedJsonException("unexpected end of input", in.length);
        }

        private MalformedJsonException unrecognizedToken() {
            int end = pos;
            while (end < in.length && end - pos < 32 && isLetter(in[end])) {
                end++;
            }
            return new MalformedJsonException("unrecognized token '"
                    + new String(in, pos, Math.max(end - pos, 1), StandardCharsets.ISO_8859_1) + "'", pos);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
