package io.citypulse.api.web;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which HTTP methods a path has, for the {@code Allow} header of a 405 (RFC 9110 15.5.6). RESTEasy Reactive answers
 * OPTIONS with that set but throws its 405 without it, so the set is read here from the resources' own annotations.
 */
public final class AllowedMethods {

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*([^}]+))?}");

    private record Route(Pattern path, String method) {
    }

    private static volatile List<Route> routes;

    private AllowedMethods() {
    }

    /** The methods {@code path} answers, e.g. "GET, HEAD, OPTIONS"; null when no resource has the path. */
    public static String of(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes()) {
            if (route.path().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.isEmpty()) {
            return null;
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);  // JAX-RS answers HEAD for every GET
        }
        methods.add(HttpMethod.OPTIONS);
        return String.join(", ", methods);
    }

    private static List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            known = scan(Arc.container().beanManager().getBeans(Object.class).stream().map(Bean::getBeanClass)
                    .filter(type -> type.isAnnotationPresent(Path.class)).distinct().toList());
            routes = known;
        }
        return known;
    }

    static List<Route> scan(Collection<Class<?>> resources) {
        List<Route> found = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                Arrays.stream(method.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                        .filter(m -> m != null).forEach(http -> {
                            Path sub = method.getAnnotation(Path.class);
                            found.add(new Route(regex(base + "/" + (sub == null ? "" : sub.value())), http.value()));
                        });
            }
        }
        return List.copyOf(found);
    }

    /** A JAX-RS path template as a regular expression over the request path ("/a/{id}" matches "/a/x" and "/a/x/"). */
    static Pattern regex(String template) {
        String normalized = ("/" + template).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        StringBuilder regex = new StringBuilder();
        Matcher parameter = TEMPLATE_PARAMETER.matcher(normalized);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(normalized.substring(last, parameter.start())));
            regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim()).append(')');
            last = parameter.end();
        }
        regex.append(Pattern.quote(normalized.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
