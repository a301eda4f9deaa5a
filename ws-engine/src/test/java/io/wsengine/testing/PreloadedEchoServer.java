package io.wsengine.testing;

import io.wsengine.EchoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link EchoServer} with every engine class loaded and logging set up before it starts, for a child
 * JVM that will run out of file descriptors: classes loaded from a directory (not a jar, as in
 * production) and the logging configuration each take a descriptor when first used.
 */
public final class PreloadedEchoServer {
    private PreloadedEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Path classes = Path.of(EchoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path file : classFiles) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class.forName(name, true, PreloadedEchoServer.class.getClassLoader());
        }
        System.getLogger(PreloadedEchoServer.class.getName()).log(System.Logger.Level.INFO,
                "loaded " + classFiles.size() + " engine classes");
        EchoServer.main(args);
    }
}
