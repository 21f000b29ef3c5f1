package io.citypulse.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The derived-column formulas: what they compute, with a = 6, b = 2, c = 0, and how they refuse bad text. */
class ExpressionTest {

    private static final Map<String, Integer> SLOTS = Map.of("a", 0, "b", 1, "c", 2);
    private static final double[] VALUES = {6, 2, 0};

    private static double eval(String source) {
        return Expression.parse(source, SLOTS).evaluate(i -> VALUES[i]);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
        "a + b * 3;12", "(a + b) * 3;24", "a - b - 1;3", "a / b / 3;1", "-a + 10;4", "--a;6",
        "a > b;1", "a < b;0", "a >= 6;1", "a <= 5.5;0", "a == 6;1", "a != 6;0",
        "a > 1 && b > 1;1", "a > 1 && b > 5;0", "c > 1 || b > 1;1", "!c;1", "!a;0",
        "a > b ? 10 : 20;10", "c ? 10 : b ? 30 : 40;30", "min(a, b, 4);2", "max(a, b);6", "abs(c - a);6",
        "band(a, 2, 4, 6, 8);3", "band(c, 1);0", "  a*b  ;12", "0.5 * a;3", "a / c;Infinity"})
    void computes(String source, double expected) {
        assertThat(eval(source)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a + d|at 5 of 'a + d': 'd' is not a measure of this type (measures: [a, b, c])",
        "a +|at 4 of 'a +': expected a number, a measure or '(' but the expression ends",
        "(a + b|at 7 of '(a + b': expected ')' but the expression ends",
        "a b|at 3 of 'a b': unexpected 'b'",
        "sqrt(a)|at 1 of 'sqrt(a)': 'sqrt' is not a function (functions: abs, band, max, min)",
        "abs(a, b)|at 1 of 'abs(a, b)': abs() takes 1 argument, not 2",
        "min(a)|at 1 of 'min(a)': min() takes at least 2 arguments",
        "band(a)|at 1 of 'band(a)': band() takes a value and at least one threshold",
        "1.2.3|at 1 of '1.2.3': '1.2.3' is not a number",
        "a ? b|at 6 of 'a ? b': expected ':' but the expression ends",
        "a # b|at 3 of 'a # b': unexpected '#'"})
    void refusesWithThePositionAndTheProblem(String source, String message) {
        assertThatThrownBy(() -> Expression.parse(source, SLOTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
