package io.citypulse.contract.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * A derived column's formula, as a declaration writes it: arithmetic over a type's measures, compiled once to a tree
 * that reads the measures by slot. Small on purpose: numbers, measure names, {@code + - * /}, comparisons
 * ({@code < <= > >= == !=}), {@code && || !}, {@code cond ? a : b}, parentheses, and the functions {@code min},
 * {@code max}, {@code abs} and {@code band(x, t1, .., tn)} (how many of the thresholds x has reached). Comparisons
 * and logic give 1 or 0; any non-zero value is true. A parse error names the position and what was expected.
 */
public final class Expression {

    /** One compiled node: evaluates against a reading's measures, read by slot. */
    @FunctionalInterface
    private interface Node {
        double eval(IntToDoubleFunction measure);
    }

    private final String source;
    private final Node root;
    private final List<String> measures;

    private Expression(String source, Node root, List<String> measures) {
        this.source = source;
        this.root = root;
        this.measures = List.copyOf(measures);
    }

    /**
     * Compiles {@code source} over the measures named in {@code slots} (name to slot).
     *
     * @throws IllegalArgumentException naming the position and the problem
     */
    public static Expression parse(String source, Map<String, Integer> slots) {
        Parser parser = new Parser(source, slots);
        Node root = parser.ternary();
        parser.skipSpace();
        if (parser.pos < source.length()) {
            throw parser.error("unexpected '" + source.charAt(parser.pos) + "'");
        }
        return new Expression(source, root, parser.used);
    }

    /** The value for a reading whose measure in slot {@code i} is {@code measure.applyAsDouble(i)}. */
    public double evaluate(IntToDoubleFunction measure) {
        return root.eval(measure);
    }

    /** The measures it reads, in the order they first appear. */
    public List<String> measures() {
        return measures;
    }

    @Override
    public String toString() {
        return source;
    }

    /** A recursive-descent parser, one method per precedence level, lowest first. */
    private static final class Parser {
        private final String text;
        private final Map<String, Integer> slots;
        private final List<String> used = new ArrayList<>();
        private int pos;

        Parser(String text, Map<String, Integer> slots) {
            this.text = text;
            this.slots = slots;
        }

        Node ternary() {
            Node condition = or();
            if (!accept("?")) {
                return condition;
            }
            Node then = ternary();
            expect(":");
            Node otherwise = ternary();
            return v -> condition.eval(v) != 0 ? then.eval(v) : otherwise.eval(v);
        }

        Node or() {
            Node left = and();
            while (accept("||")) {
                Node l = left;
                Node r = and();
                left = v -> l.eval(v) != 0 || r.eval(v) != 0 ? 1 : 0;
            }
            return left;
        }

        Node and() {
            Node left = comparison();
            while (accept("&&")) {
                Node l = left;
                Node r = comparison();
                left = v -> l.eval(v) != 0 && r.eval(v) != 0 ? 1 : 0;
            }
            return left;
        }

        Node comparison() {
            Node left = sum();
            for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
                if (accept(op)) {
                    Node l = left;
                    Node r = sum();
                    return switch (op) {
                        case "<=" -> v -> l.eval(v) <= r.eval(v) ? 1 : 0;
                        case ">=" -> v -> l.eval(v) >= r.eval(v) ? 1 : 0;
                        case "==" -> v -> l.eval(v) == r.eval(v) ? 1 : 0;
                        case "!=" -> v -> l.eval(v) != r.eval(v) ? 1 : 0;
                        case "<" -> v -> l.eval(v) < r.eval(v) ? 1 : 0;
                        default -> v -> l.eval(v) > r.eval(v) ? 1 : 0;
                    };
                }
            }
            return left;
        }

        Node sum() {
            Node left = product();
            while (true) {
                if (accept("+")) {
                    left = binary(left, product(), Double::sum);
                } else if (accept("-")) {
                    left = binary(left, product(), (a, b) -> a - b);
                } else {
                    return left;
                }
            }
        }

        Node product() {
            Node left = unary();
            while (true) {
                if (accept("*")) {
                    left = binary(left, unary(), (a, b) -> a * b);
                } else if (accept("/")) {
                    left = binary(left, unary(), (a, b) -> a / b);
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            if (accept("-")) {
                Node operand = unary();
                return v -> -operand.eval(v);
            }
            if (accept("!")) {
                Node operand = unary();
                return v -> operand.eval(v) == 0 ? 1 : 0;
            }
            return atom();
        }

        Node atom() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("expected a number, a measure or '(' but the expression ends");
            }
            char c = text.charAt(pos);
            if (accept("(")) {
                Node inner = ternary();
                expect(")");
                return inner;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c)) {
                int start = pos;
                String name = identifier();
                return accept("(") ? call(name, start) : measure(name, start);
            }
            throw error("expected a number, a measure or '(', found '" + c + "'");
        }

        private Node number() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String literal = text.substring(start, pos);
            try {
                double value = Double.parseDouble(literal);
                return v -> value;
            } catch (NumberFormatException e) {
                pos = start;
                throw error("'" + literal + "' is not a number");
            }
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private Node measure(String name, int start) {
            Integer slot = slots.get(name);
            if (slot == null) {
                pos = start;
                throw error("'" + name + "' is not a measure of this type (measures: " + slots.keySet().stream()
                        .sorted().toList() + ")");
            }
            if (!used.contains(name)) {
                used.add(name);
            }
            int s = slot;
            return v -> v.applyAsDouble(s);
        }

        private Node call(String name, int start) {
            List<Node> args = new ArrayList<>();
            if (!accept(")")) {
                do {
                    args.add(ternary());
                } while (accept(","));
                expect(")");
            }
            Node[] a = args.toArray(Node[]::new);
            switch (name) {
                case "abs":
                    if (a.length != 1) {
                        pos = start;
                        throw error("abs() takes 1 argument, not " + a.length);
                    }
                    return v -> Math.abs(a[0].eval(v));
                case "min":
                case "max":
                    if (a.length < 2) {
                        pos = start;
                        throw error(name + "() takes at least 2 arguments");
                    }
                    DoubleBinaryOperator pick = name.equals("min") ? Math::min : Math::max;
                    return v -> {
                        double result = a[0].eval(v);
                        for (int i = 1; i < a.length; i++) {
                            result = pick.applyAsDouble(result, a[i].eval(v));
                        }
                        return result;
                    };
                case "band":
                    if (a.length < 2) {
                        pos = start;
                        throw error("band() takes a value and at least one threshold");
                    }
                    return v -> {
                        double x = a[0].eval(v);
                        int reached = 0;
                        for (int i = 1; i < a.length; i++) {
                            if (x >= a[i].eval(v)) {
                                reached++;
                            }
                        }
                        return reached;
                    };
                default:
                    pos = start;
                    throw error("'" + name + "' is not a function (functions: abs, band, max, min)");
            }
        }

        private static Node binary(Node l, Node r, DoubleBinaryOperator op) {
            return v -> op.applyAsDouble(l.eval(v), r.eval(v));
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        /** Consumes {@code token} if it comes next; "<" does not take the start of "<=", nor "|" of "||". */
        private boolean accept(String token) {
            skipSpace();
            if (!text.startsWith(token, pos)) {
                return false;
            }
            pos += token.length();
            return true;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw error("expected '" + token + "'" + (pos < text.length() ? ", found '" + text.charAt(pos) + "'"
                        : " but the expression ends"));
            }
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("at " + (pos + 1) + " of '" + text + "': " + problem);
        }
    }
}
