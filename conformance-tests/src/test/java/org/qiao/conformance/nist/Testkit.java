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
import java.util.TreeSet;

/**
 * The NIST testkit folder, read in place (never copied into the project). Its location is the system property
 * {@code qiao.nist.testkit}, by default {@code <repository>/../shared/conformance/nist-testkit}.
 */
public final class Testkit {

    /** Set-up tests, in the order the toolkit's registry orchestration runs them. */
    public static final List<String> SETUP = List.of("15817", "15817b", "15818", "12346", "12374");
    /** The patient identity feed tests: register, alternate and stored query patient. */
    public static final List<String> FEEDS = List.of("15817", "15817b", "15818");

    /**
     * The feed test whose patient id is a test's session patient id ({@code $patientid$}), as the toolkit's
     * registry orchestration assigns them: 12346 loads the stored query patient (15818), 12374 needs another
     * one (15817b), every other test uses the register patient (15817).
     */
    public static String patientFeedOf(String testId) {
        if (FEEDS.contains(testId)) {
            return testId;
        }
        return switch (testId) {
            case "12346" -> "15818";
            case "12374" -> "15817b";
            default -> "15817";
        };
    }

    /** The tests a test needs run before it: those it reads from, and the feed of its session patient. */
    public Set<String> prerequisites(String id) {
        var deps = new TreeSet<>(test(id).dependencies());
        deps.add(patientFeedOf(id));
        deps.remove(id);
        return deps;
    }

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
                todo.addAll(prerequisites(id));
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
        for (var dep : prerequisites(id)) {
            placeAfterDependencies(dep, ordered, visiting);
        }
        ordered.add(id);
    }
}
