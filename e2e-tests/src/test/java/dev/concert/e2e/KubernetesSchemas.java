package dev.concert.e2e;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.annotations.SerializedName;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes API's JSON Schemas, and validation of rendered objects against them, offline.
 * <p>
 * Where the schemas come from: the models of the official Kubernetes Java client, {@value #CLIENT} (Maven Central, a
 * test dependency of e2e-tests), are generated from the OpenAPI spec of Kubernetes {@value #KUBERNETES}; each model
 * keeps the spec's property names ({@code @SerializedName}), its required properties ({@code openapiRequiredFields})
 * and the properties' types. The JSON Schema (draft 7) of a kind is generated from them here, strict as kubectl's
 * field validation is: an unknown or misspelt field is an error, so is a missing required one or a value of the wrong
 * type (a string where the API takes an integer, a quantity that does not parse, an int-or-string that is neither).
 * The rendered object is then checked by a JSON Schema validator (com.networknt:json-schema-validator). An
 * apiVersion/kind the API of that release does not serve (a removed beta, a kind in another group) is an error too.
 * Not covered, as by any schema: what the API server checks in code (label syntax, cross-field rules, admission).
 */
final class KubernetesSchemas {

    static final String CLIENT = "io.kubernetes:client-java-api:25.0.0";
    static final String KUBERNETES = "1.33";

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    /** The API group of every kind these manifests may use ("" is the core group); another kind is an error. */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("Namespace", ""), Map.entry("ConfigMap", ""), Map.entry("Secret", ""),
            Map.entry("Service", ""), Map.entry("ServiceAccount", ""), Map.entry("PersistentVolumeClaim", ""),
            Map.entry("Deployment", "apps"), Map.entry("StatefulSet", "apps"), Map.entry("DaemonSet", "apps"),
            Map.entry("Job", "batch"), Map.entry("CronJob", "batch"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling"), Map.entry("PodDisruptionBudget", "policy"),
            Map.entry("NetworkPolicy", "networking.k8s.io"), Map.entry("Ingress", "networking.k8s.io"),
            Map.entry("Role", "rbac.authorization.k8s.io"), Map.entry("RoleBinding", "rbac.authorization.k8s.io"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io"));
    /** resource.Quantity's grammar (k8s.io/apimachinery): a number with an optional SI, binary or exponent suffix */
    private static final String QUANTITY = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
            + "(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$";

    private final JsonNodeFactory json = JsonNodeFactory.instance;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final Map<Class<?>, ObjectNode> definitions = new HashMap<>();
    private final Map<Class<?>, Schema> schemas = new HashMap<>();

    /** What is wrong with one object (empty: valid), each line naming where. */
    List<String> validate(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = String.valueOf(object.get("kind"));
        if (!GROUPS.containsKey(kind)) {
            return List.of(kind + ": no schema for this kind here (add its API group to KubernetesSchemas.GROUPS)");
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (!group.equals(GROUPS.get(kind))) {
            return List.of(apiVersion + " " + kind + ": " + kind + " is in API group '" + GROUPS.get(kind) + "'");
        }
        Class<?> model;
        try {
            model = Class.forName(MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
        } catch (ClassNotFoundException e) {
            return List.of(apiVersion + " " + kind + ": not served by the Kubernetes " + KUBERNETES + " API");
        }
        Schema schema = schemas.computeIfAbsent(model, this::schemaOf);
        return schema.validate(mapper.valueToTree(withoutNulls(object))).stream()
                .map(error -> error.toString()).toList();
    }

    /** The JSON Schema of a kind: its model's definition and those of every model it uses. */
    ObjectNode document(Class<?> model) {
        Map<Class<?>, ObjectNode> reachable = new LinkedHashMap<>();
        collect(model, reachable);
        ObjectNode defs = json.objectNode();
        reachable.forEach((type, definition) -> defs.set(type.getSimpleName(), definition));
        ObjectNode root = json.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("definitions", defs);
        root.putArray("allOf").add(ref(model));
        return root;
    }

    private Schema schemaOf(Class<?> model) {
        return registry.getSchema(document(model));
    }

    private void collect(Class<?> model, Map<Class<?>, ObjectNode> reachable) {
        if (reachable.containsKey(model)) {
            return;
        }
        ObjectNode definition = definition(model);
        reachable.put(model, definition);
        for (Field field : properties(model).values()) {
            for (Class<?> used : models(field.getGenericType())) {
                collect(used, reachable);
            }
        }
    }

    private ObjectNode definition(Class<?> model) {
        return definitions.computeIfAbsent(model, m -> {
            ObjectNode definition = json.objectNode();
            definition.put("type", "object");
            ObjectNode properties = definition.putObject("properties");
            properties(m).forEach((name, field) -> properties.set(name, schemaOf(field.getGenericType())));
            definition.put("additionalProperties", false);
            Set<String> required = new TreeSet<>(staticSet(m, "openapiRequiredFields"));
            if (!required.isEmpty()) {
                required.forEach(definition.putArray("required")::add);
            }
            return definition;
        });
    }

    private ObjectNode schemaOf(Type type) {
        ObjectNode schema = json.objectNode();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.set("items", schemaOf(args[0]));
            } else if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                schema.set("additionalProperties", schemaOf(args[1]));
            } else {
                throw new IllegalStateException("no JSON Schema for " + type);
            }
            return schema;
        }
        Class<?> c = (Class<?>) type;
        switch (c.getName()) {
            // OffsetDateTime: an RFC 3339 time; byte[]: base64 (a Secret's data)
            case "java.lang.String", "java.time.OffsetDateTime", "[B" -> schema.put("type", "string");
            case "java.lang.Integer", "java.lang.Long", "int", "long" -> schema.put("type", "integer");
            case "java.lang.Boolean", "boolean" -> schema.put("type", "boolean");
            case "java.lang.Double", "java.lang.Float", "double", "float" -> schema.put("type", "number");
            case "java.lang.Object" -> {
                // free-form (e.g. a CustomResourceDefinition's schema): anything
            }
            case "io.kubernetes.client.custom.IntOrString" -> schema.putArray("type").add("integer").add("string");
            case "io.kubernetes.client.custom.Quantity" -> {
                schema.putArray("anyOf").add(json.objectNode().put("type", "number"))
                        .add(json.objectNode().put("type", "string").put("pattern", QUANTITY));
            }
            default -> {
                if (!c.getName().startsWith(MODELS)) {
                    throw new IllegalStateException("no JSON Schema for " + c.getName());
                }
                return ref(c);
            }
        }
        return schema;
    }

    private ObjectNode ref(Class<?> model) {
        return json.objectNode().put("$ref", "#/definitions/" + model.getSimpleName());
    }

    /** The models a property's type refers to (itself, or a List's or Map's elements). */
    private static List<Class<?>> models(Type type) {
        List<Class<?>> found = new ArrayList<>();
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                found.addAll(models(arg));
            }
        } else if (type instanceof Class<?> c && c.getName().startsWith(MODELS)) {
            found.add(c);
        }
        return found;
    }

    /** JSON property name -> field, as the spec names them (the model's {@code @SerializedName}). */
    private static Map<String, Field> properties(Class<?> model) {
        Map<String, Field> properties = new LinkedHashMap<>();
        for (Field field : model.getDeclaredFields()) {
            SerializedName name = field.getAnnotation(SerializedName.class);
            if (!Modifier.isStatic(field.getModifiers()) && name != null) {
                properties.put(name.value(), field);
            }
        }
        Set<String> declared = staticSet(model, "openapiFields");
        if (!declared.equals(properties.keySet())) {
            throw new IllegalStateException(model.getSimpleName() + ": fields " + properties.keySet()
                    + " are not the spec's " + declared);
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> model, String name) {
        try {
            Field field = model.getDeclaredField(name);
            return Set.copyOf((Collection<String>) field.get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getName() + " has no " + name, e);
        }
    }

    /** The API treats a null as an absent field (kubectl and kustomize may write {@code creationTimestamp: null}). */
    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, withoutNulls(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(KubernetesSchemas::withoutNulls).toList();
        }
        return value;
    }
}
