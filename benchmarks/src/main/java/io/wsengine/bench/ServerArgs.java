package io.wsengine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The echo servers' common command line: {@code --port N} (0 picks a free one) and
 * {@code --name value} or {@code --name=value} options.
 */
final class ServerArgs {
    final int port;
    final Map<String, String> options;

    private ServerArgs(int port, Map<String, String> options) {
        this.port = port;
        this.options = options;
    }

    static ServerArgs parse(String[] args, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                fail("unexpected argument " + arg, usage);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                fail("missing value after " + arg, usage);
            }
        }
        int port = 9001;
        String p = options.remove("port");
        if (p != null) {
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                fail("--port needs a number, not '" + p + "'", usage);
            }
        }
        return new ServerArgs(port, options);
    }

    int intOption(String name, int defaultValue) {
        String value = options.get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** The options as Spring Boot command-line properties ({@code --name=value}). */
    String[] springArgs() {
        List<String> list = new ArrayList<>();
        options.forEach((k, v) -> list.add("--" + k + "=" + v));
        return list.toArray(String[]::new);
    }

    static void fail(String message, String usage) {
        System.err.println(message);
        System.err.println("usage: " + usage);
        System.exit(2);
    }

    /** Printed once the server accepts connections; the runner does not rely on it (it probes). */
    static void ready(String name, int port, String routes) {
        System.out.println(name + " listening on 127.0.0.1:" + port + " (" + routes + ")");
    }
}
