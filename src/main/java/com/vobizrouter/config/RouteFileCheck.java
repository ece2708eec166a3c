package com.vobizrouter.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks a route file before it is loaded: against the Camel YAML DSL JSON schema exactly as
 * camel-yaml-dsl ships it ({@code schema/camelYamlDsl.json}, the version in use), then for what
 * it names: every bean ({@code bean: ref:}, {@code method: ref:}, {@code #bean:} in a URI), every
 * destination ({@code destination:<name>}) and every property placeholder without a default
 * ({@code {{router.x}}}) must exist. Each problem names the file and the line.
 */
public final class RouteFileCheck {

    /** One thing wrong with a route file, where it is. */
    public record Problem(String file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** What exists for a route file to name. */
    public record Names(Predicate<String> beans, Predicate<String> destinations, Predicate<String> properties) {
    }

    private static final String SCHEMA = "schema/camelYamlDsl.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}:]+)(:[^{}]*)?}}");
    private static final Pattern BEAN_IN_URI = Pattern.compile("#(?:bean:)?([A-Za-z][A-Za-z0-9_.-]*)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonSchema schema;

    private RouteFileCheck(JsonSchema schema) {
        this.schema = schema;
    }

    /** The check with the schema of the camel-yaml-dsl on the class path. */
    public static RouteFileCheck withCamelSchema() {
        try (InputStream in = RouteFileCheck.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the class path (camel-yaml-dsl ships it)");
            }
            return new RouteFileCheck(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in));
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + SCHEMA, unreadable);
        }
    }

    /** Everything wrong with the file: its YAML, its schema, then what it names; empty when it may be loaded. */
    public List<Problem> check(Path file, Names names) throws IOException {
        return check(file.toString(), Files.readString(file), names);
    }

    /** As {@link #check(Path, Names)}, for a file's text. */
    public List<Problem> check(String file, String text, Names names) {
        Node root;
        JsonNode json;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            json = YAML.readTree(text);
        } catch (RuntimeException | IOException unreadable) {
            return List.of(new Problem(file, line(unreadable.getMessage()), "not YAML: " + firstLine(unreadable.getMessage())));
        }
        if (root == null || json == null || json.isMissingNode()) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>(schemaProblems(file, root, json));
        if (problems.isEmpty() && names != null) {
            names(file, root, null, names, problems);
        }
        return problems;
    }

    private List<Problem> schemaProblems(String file, Node root, JsonNode json) {
        Set<ValidationMessage> messages = schema.validate(json);
        // One problem per place, the most specific message first: the schema's oneOf/anyOf
        // explain a wrong step several ways, and the deepest place says it best.
        Map<String, Problem> byPlace = new LinkedHashMap<>();
        List<JsonNodePath> places = new ArrayList<>();
        messages.stream()
                .sorted(Comparator.comparingInt((ValidationMessage m) -> -m.getInstanceLocation().getNameCount())
                        .thenComparing(m -> m.getInstanceLocation().toString()))
                .forEach(message -> {
                    JsonNodePath at = message.getInstanceLocation();
                    // A place above one already reported only repeats it ("this step is invalid").
                    if (places.stream().anyMatch(deeper -> !deeper.equals(at) && deeper.startsWith(at))) {
                        return;
                    }
                    places.add(at);
                    byPlace.putIfAbsent(at.toString(), new Problem(file, line(root, at), "does not match the Camel YAML DSL schema: "
                            + message.getMessage()));
                });
        List<Problem> problems = new ArrayList<>(byPlace.values());
        problems.sort(Comparator.comparingInt(Problem::line));
        return problems.size() > 10 ? problems.subList(0, 10) : problems;
    }

    private static void names(String file, Node node, String key, Names names, List<Problem> problems) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String childKey = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
                if ("ref".equals(childKey) && tuple.getValueNode() instanceof ScalarNode ref && !names.beans().test(ref.getValue())) {
                    problems.add(new Problem(file, line(ref), "names bean '" + ref.getValue() + "', which does not exist"));
                    continue;
                }
                names(file, tuple.getValueNode(), childKey, names, problems);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                names(file, item, key, names, problems);
            }
        } else if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue();
            if (("to".equals(key) || "uri".equals(key) || "toD".equals(key)) && value.startsWith("destination:")) {
                String destination = value.substring("destination:".length());
                if (!names.destinations().test(destination)) {
                    problems.add(new Problem(file, line(scalar), "names destination '" + destination + "', which is not configured"));
                }
            }
            if (("to".equals(key) || "uri".equals(key) || "toD".equals(key)) && value.contains("?")) {
                Matcher bean = BEAN_IN_URI.matcher(value.substring(value.indexOf('?')));
                while (bean.find()) {
                    if (!names.beans().test(bean.group(1))) {
                        problems.add(new Problem(file, line(scalar), "names bean '" + bean.group(1) + "', which does not exist"));
                    }
                }
            }
            Matcher placeholder = PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                if (placeholder.group(2) == null && !names.properties().test(placeholder.group(1).trim())) {
                    problems.add(new Problem(file, line(scalar), "names property '" + placeholder.group(1).trim()
                            + "', which is not set"));
                }
            }
        }
    }

    /** The line of the node at a schema path ({@code $[0].route.from.steps[2]}), or of the nearest node above it. */
    private static int line(Node root, JsonNodePath path) {
        Node node = root;
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            Node next = null;
            if (element instanceof Integer index && node instanceof SequenceNode sequence && index < sequence.getValue().size()) {
                next = sequence.getValue().get(index);
            } else if (element instanceof String name && node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(name)) {
                        next = tuple.getValueNode();
                    }
                }
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        return line(node);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int line(String message) {
        Matcher at = Pattern.compile("line (\\d+)").matcher(message == null ? "" : message);
        return at.find() ? Integer.parseInt(at.group(1)) : 1;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
