package dev.orchard.ops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the hand-written {@code orchard.schema.json} equal to the configuration records (every key at
 * every level, both ways), and checks that every shipped example loads, validates and conforms to it.
 */
class OrchardSchemaTest {

    private static final Path EXAMPLES = Path.of("examples");
    /** Records that are single YAML values, not mappings. */
    private static final Set<Class<?>> VALUES = Set.of(MacAddress.class, Cidr.class, ModelPattern.class,
            IncludeEntry.class);

    private static JsonNode schemaTree() throws IOException {
        try (InputStream in = OrchardSchemaTest.class.getResourceAsStream("/orchard.schema.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void schemaPropertiesEqualTheRecordComponentsAtEveryLevel() throws IOException {
        JsonNode schema = schemaTree();
        Set<String> visited = new TreeSet<>();
        walk(schema, schema, ConfigFile.class, "", visited);
        // every record of the configuration language was compared
        assertThat(visited).contains("ConfigFile", "ServerSettings", "BsdpSettings", "TftpSettings", "HttpSettings",
                "TlsSettings", "ImageSettings", "BlockImage", "Installer", "PayloadFile", "Workflow", "Package",
                "Script", "Profile", "ComputerName", "Localize", "Include", "Group", "PolicyRule", "Match",
                "SecretSource", "Metrics", "Logging", "MdmSettings", "Webhook");
    }

    private void walk(JsonNode root, JsonNode node, Class<?> record, String path, Set<String> visited) {
        JsonNode s = resolve(root, node);
        visited.add(record.getSimpleName());
        Set<String> properties = new TreeSet<>();
        s.get("properties").fieldNames().forEachRemaining(properties::add);
        if (WorkflowStep.class.isAssignableFrom(record)) {
            properties.remove("type");
        }
        Set<String> components = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getType() != SourceLocation.class && !(record == ConfigFile.class && c.getName().equals("file"))) {
                components.add(snake(c.getName()));
            }
        }
        assertThat(properties).as("schema keys of %s (%s)", path.isEmpty() ? "top level" : path,
                record.getSimpleName()).isEqualTo(components);
        for (RecordComponent c : record.getRecordComponents()) {
            if (!components.contains(snake(c.getName()))) {
                continue;
            }
            JsonNode p = resolve(root, s.get("properties").get(snake(c.getName())));
            String child = path.isEmpty() ? snake(c.getName()) : path + "." + snake(c.getName());
            Type t = c.getGenericType();
            if (t instanceof Class<?> cls && cls.isRecord() && !VALUES.contains(cls)) {
                walk(root, p, cls, child, visited);
            } else if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
                Class<?> item = (Class<?>) pt.getActualTypeArguments()[0];
                JsonNode items = resolve(root, items(p));
                if (item == WorkflowStep.class) {
                    steps(root, items, child, visited);
                } else if (item.isRecord() && !VALUES.contains(item)) {
                    walk(root, items, item, child + "[]", visited);
                } else {
                    assertThat(items.has("properties")).as("%s items are single values", child).isFalse();
                }
            } else {
                assertThat(p.has("properties")).as("%s is a single value in the records", child).isFalse();
            }
        }
    }

    private void steps(JsonNode root, JsonNode oneOf, String path, Set<String> visited) {
        Set<String> schemaTypes = new HashSet<>();
        for (JsonNode alternative : oneOf.get("oneOf")) {
            String type = alternative.get("properties").get("type").get("const").asText();
            schemaTypes.add(type);
            Class<?> step = stepClass(type);
            walk(root, alternative, step, path + "[type=" + type + "]", visited);
        }
        Set<String> recordTypes = new HashSet<>();
        for (Class<?> c : WorkflowStep.class.getPermittedSubclasses()) {
            recordTypes.add(stepType(c));
        }
        assertThat(schemaTypes).isEqualTo(recordTypes);
    }

    private static Class<?> stepClass(String type) {
        for (Class<?> c : WorkflowStep.class.getPermittedSubclasses()) {
            if (stepType(c).equals(type)) {
                return c;
            }
        }
        throw new AssertionError("schema step type " + type + " has no record");
    }

    private static String stepType(Class<?> c) {
        return snake(c.getSimpleName());
    }

    private static JsonNode items(JsonNode p) {
        if (p.has("items")) {
            return p.get("items");
        }
        for (JsonNode alt : p.get("oneOf")) {
            if (alt.has("items")) {
                return alt.get("items");
            }
        }
        throw new AssertionError("no items in " + p);
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = root.at(ref.substring(1));
            assertThat(target.isMissingNode()).as("$ref %s", ref).isFalse();
            return target;
        }
        return node;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> all = Files.walk(EXAMPLES)) {
            List<Path> yaml = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(5);
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void everyExampleFileConformsToTheSchema(Path file) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(OrchardSchemaTest.class.getResourceAsStream("/orchard.schema.json"));
        assertThat(schema.validate(Files.readString(file), InputFormat.YAML)).as("schema errors of %s", file)
                .isEmpty();
    }

    static Stream<Path> mainExamples() throws IOException {
        return exampleFiles().filter(p -> p.getFileName().toString().equals("orchard.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mainExamples")
    void everyShippedExampleLoadsAndValidates(Path main) {
        ConfigLoader.Result r = ConfigLoader.check(main, ConfigLoader.Options.DEFAULTS);
        assertThat(r.errors()).as("errors of %s", main).isEmpty();
        assertThat(r.snapshot()).isPresent();
        // the only warnings allowed are files that live on the server, not in the repository
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.message()).contains("does not exist on this host"));
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(OrchardSchemaTest.class.getResourceAsStream("/orchard.schema.json"));
        assertThat(schema.validate("polices: []\n", InputFormat.YAML)).isNotEmpty();
        assertThat(schema.validate("policies: [{name: a, action: reimage}]\n", InputFormat.YAML)).isNotEmpty();
        assertThat(schema.validate("admin_token: secret\n", InputFormat.YAML)).isNotEmpty();
        assertThat(schema.validate("workflows: [{name: w, steps: [{type: partition}]}]\n", InputFormat.YAML))
                .isNotEmpty();
        assertThat(schema.validate("policies: [{name: a, match: {mac: 00:1b:63:84:45:e6}, action: none}]\n",
                InputFormat.YAML)).isEmpty();
    }
}
