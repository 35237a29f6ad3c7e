package org.parley.provisioning.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One provisioning file an administrator ships: OSGi Configurator JSON (each top-level key a
 * configuration PID, {@code factoryPid~name} for a factory configuration, with its properties; a key
 * may carry its type, {@code "port:Integer"}), plus three entries of Parley's own:
 * <ul>
 * <li>{@code ":parley:locked"}: PID → the keys the user may not change;</li>
 * <li>{@code ":parley:passwords"}: account id → {@code "env:NAME"} (taken from that environment variable
 * at start and kept in the credential store) or {@code "prompt"} (the user gives it);</li>
 * <li>{@code ":parley:sites"}: update sites to add;</li>
 * <li>{@code ":parley:features"}: features (plugins) to install from them.</li>
 * </ul>
 */
record ProvisioningFile(Path source, Map<String, Map<String, Object>> configurations, Map<String, Set<String>> locked,
        Map<String, String> passwords, List<URI> sites, List<String> features) {

    static final long MAX_SIZE = 1 << 20;
    private static final String CONFIGURATOR = ":configurator:";

    /** Reads and checks the file; every mistake is an {@link IOException} naming the file and the place. */
    static ProvisioningFile read(Path file) throws IOException {
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException(file + " is larger than " + MAX_SIZE + " bytes");
        }
        try {
            if (!(Json.parse(Files.readString(file, StandardCharsets.UTF_8)) instanceof Map<?, ?> top)) {
                throw new IllegalArgumentException("the file is not a JSON object");
            }
            Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
            Map<String, Set<String>> locked = new LinkedHashMap<>();
            Map<String, String> passwords = new LinkedHashMap<>();
            List<URI> sites = List.of();
            List<String> features = List.of();
            for (Map.Entry<?, ?> entry : top.entrySet()) {
                String key = (String) entry.getKey();
                Object value = entry.getValue();
                switch (key) {
                    case ":parley:locked" -> object(key, value).forEach((pid, keys) -> locked.put(pid, Set.copyOf(strings(
                            key + "." + pid, keys))));
                    case ":parley:passwords" -> object(key, value).forEach((account, secret) -> {
                        String source = text(key + "." + account, secret);
                        if (!source.equals("prompt") && !source.matches("env:[A-Za-z_][A-Za-z0-9_]*")) {
                            throw new IllegalArgumentException(key + "." + account + " is \"env:NAME\" or \"prompt\", not \""
                                    + source + "\"");
                        }
                        passwords.put(account, source);
                    });
                    case ":parley:sites" -> sites = strings(key, value).stream().map(ProvisioningFile::uri).toList();
                    case ":parley:features" -> features = strings(key, value);
                    default -> {
                        if (!key.startsWith(CONFIGURATOR)) {
                            configurations.put(key, properties(key, object(key, value)));
                        }
                    }
                }
            }
            return new ProvisioningFile(file, configurations, locked, passwords, sites, features);
        } catch (IllegalArgumentException | ClassCastException wrong) {
            throw new IOException(file + ": " + wrong.getMessage(), wrong);
        }
    }

    /** The set of locked keys of each PID, as given. */
    Set<String> lockedKeys(String pid) {
        return locked.getOrDefault(pid, Set.of());
    }

    private static Map<String, Object> properties(String pid, Map<String, Object> given) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(CONFIGURATOR)) {
                continue;
            }
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            String type = colon < 0 ? "" : key.substring(colon + 1);
            properties.put(name, typed(pid + "." + name, type, entry.getValue()));
        }
        return properties;
    }

    private static Object typed(String where, String type, Object value) {
        return switch (type) {
            case "" -> value instanceof List<?> list ? strings(where, list).toArray(String[]::new)
                    : value instanceof Long number && number == number.intValue() ? (Object) number.intValue()
                    : value instanceof Map<?, ?> ? fail(where, "an object is no property value") : value;
            case "String" -> text(where, value);
            case "Integer" -> Integer.valueOf(String.valueOf(value));
            case "Long" -> Long.valueOf(String.valueOf(value));
            case "Boolean" -> bool(where, value);
            case "String[]", "Collection<String>" -> strings(where, value).toArray(String[]::new);
            default -> fail(where, "unknown type " + type + " (String, Integer, Long, Boolean, String[])");
        };
    }

    private static Object bool(String where, Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        return fail(where, "true or false expected");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String where, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            fail(where, "an object {…} expected");
        }
        return (Map<String, Object>) value;
    }

    private static List<String> strings(String where, Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of(text(where, value));
        }
        return list.stream().map(item -> item instanceof Map<?, ?> || item instanceof List<?>
                ? (String) fail(where, "a list of plain values expected") : String.valueOf(item)).toList();
    }

    private static String text(String where, Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            fail(where, "a plain value expected");
        }
        return String.valueOf(value);
    }

    private static URI uri(String site) {
        try {
            URI uri = new URI(site);
            if (!uri.isAbsolute()) {
                throw new URISyntaxException(site, "not absolute");
            }
            return uri;
        } catch (URISyntaxException wrong) {
            throw new IllegalArgumentException(":parley:sites: not an absolute URI: " + site);
        }
    }

    private static Object fail(String where, String what) {
        throw new IllegalArgumentException(where + ": " + what);
    }

    /** Every {@code *.json} file of a directory, by name, or the file itself. */
    static List<Path> files(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return Files.exists(location) ? List.of(location) : List.of();
        }
        try (var listing = Files.list(location)) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    static Set<String> union(List<ProvisioningFile> files, String pid) {
        Set<String> keys = new LinkedHashSet<>();
        files.forEach(file -> keys.addAll(file.lockedKeys(pid)));
        return keys;
    }
}
