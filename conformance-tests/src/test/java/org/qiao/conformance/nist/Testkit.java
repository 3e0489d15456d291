package org.qiao.conformance.nist;

import org.qiao.conformance.support.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NIST testkit folder, read in place (never copied into the project). Its location is the system property
 * {@code qiao.nist.testkit}, by default {@code <repository>/../shared/conformance/nist-testkit}.
 */
public final class Testkit {

    /** Set-up tests, in the order the toolkit's registry orchestration runs them. */
    public static final List<String> SETUP = List.of("15817", "15817b", "15818", "12346", "12374");

    private final Path root;
    private final Map<String, TestDefinition> cache = new LinkedHashMap<>();

    public Testkit(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.root.resolve("tests"))) {
            throw new IllegalStateException("No NIST testkit at " + this.root + " (set -Dqiao.nist.testkit=...)");
        }
    }

    public static Testkit fromSystemProperty() {
        var configured = System.getProperty("qiao.nist.testkit");
        return new Testkit(configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Engine.repo().resolve("../shared/conformance/nist-testkit"));
    }

    public Path root() {
        return root;
    }

    public Path testsDir() {
        return root.resolve("tests");
    }

    /** Every test folder with an index.idx, sorted by id. */
    public List<String> testIds() {
        try (var dirs = Files.list(testsDir())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("index.idx")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized TestDefinition test(String id) {
        return cache.computeIfAbsent(id, i -> TestkitReader.read(testsDir().resolve(i)));
    }

    /**
     * The run order for {@code requested}: what they depend on is added, set-up tests come first in
     * {@link #SETUP} order, then the others, each after the tests it reads from.
     */
    public List<String> runOrder(List<String> requested) {
        var wanted = new LinkedHashSet<String>();
        var todo = new ArrayList<>(requested);
        while (!todo.isEmpty()) {
            var id = todo.remove(0);
            if (wanted.add(id)) {
                todo.addAll(test(id).dependencies());
            }
        }
        var ordered = new ArrayList<String>();
        SETUP.stream().filter(wanted::contains).forEach(ordered::add);
        var rest = wanted.stream().filter(id -> !SETUP.contains(id)).sorted(Comparator.naturalOrder()).toList();
        for (var id : rest) {
            placeAfterDependencies(id, ordered, new LinkedHashSet<>());
        }
        return ordered;
    }

    private void placeAfterDependencies(String id, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(id) || !visiting.add(id)) {
            return;
        }
        for (var dep : test(id).dependencies()) {
            placeAfterDependencies(dep, ordered, visiting);
        }
        ordered.add(id);
    }
}
