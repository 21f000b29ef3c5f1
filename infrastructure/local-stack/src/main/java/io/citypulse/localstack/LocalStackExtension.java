package io.citypulse.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link LocalStack} of this test JVM into test constructors, {@code @BeforeAll} and test methods:
 * {@code @ExtendWith(LocalStackExtension.class)}. Started on first use with {@link LocalStackConfig#forTests()},
 * closed when the whole test run ends.
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store outlives every test class and closes its resources once, at the end of the run.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, key -> new SharedStack(LocalStack.start(LocalStackConfig.forTests())),
                        SharedStack.class)
                .stack();
    }

    /** Holder JUnit closes once at the end of the run: as AutoCloseable from 5.13 on, as CloseableResource before. */
    @SuppressWarnings("deprecation")
    private record SharedStack(LocalStack stack) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
