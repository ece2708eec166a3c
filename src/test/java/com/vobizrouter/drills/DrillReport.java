package com.vobizrouter.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one drill: counts in a fixed order, notes (what was done when, latency figures)
 * and problems. {@link #finish()} prints the notes, the first problems and one final line
 *
 * <pre>DRILL kill-9: PASS sent=… accepted=… stored=… delivered=… duplicates_at_sinks=0 lost=0 …</pre>
 *
 * (FAIL when there is any problem), writes the same to {@code <drill.report-dir>/<name>.txt}
 * (default {@code target/drills}) for the drill script, and fails the test on FAIL.
 */
final class DrillReport {

    private static final int PROBLEMS_SHOWN = 20;

    private final String name;
    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    DrillReport(String name) {
        this.name = name;
    }

    void count(String key, Object value) {
        counts.put(key, value);
    }

    void note(String line) {
        notes.add(line);
        System.out.println("drill " + name + ": " + line);
    }

    synchronized void problem(String problem) {
        problems.add(problem);
    }

    /** Fails the drill with {@code problem} unless {@code ok}. */
    void check(boolean ok, String problem) {
        if (!ok) {
            problem(problem);
        }
    }

    boolean passed() {
        return problems.isEmpty();
    }

    /** The final line. */
    String line() {
        StringBuilder line = new StringBuilder("DRILL ").append(name).append(": ").append(passed() ? "PASS" : "FAIL");
        counts.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        line.append(" problems=").append(problems.size());
        line.append(" took=").append((System.nanoTime() - startedNanos) / 1_000_000_000).append('s');
        return line.toString();
    }

    /** Prints and writes the report; throws {@link AssertionError} with the final line on FAIL. */
    void finish() {
        StringBuilder text = new StringBuilder();
        text.append("drill ").append(name).append(" at ").append(Instant.now()).append('\n');
        notes.forEach(note -> text.append("  ").append(note).append('\n'));
        problems.stream().limit(PROBLEMS_SHOWN).forEach(problem -> text.append("  problem: ").append(problem).append('\n'));
        if (problems.size() > PROBLEMS_SHOWN) {
            text.append("  ... and ").append(problems.size() - PROBLEMS_SHOWN).append(" more problems\n");
        }
        String line = line();
        text.append(line).append('\n');
        System.out.print(text);
        Path dir = Path.of(System.getProperty("drill.report-dir", "target/drills"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!passed()) {
            throw new AssertionError(line + "\n" + String.join("\n", problems.stream().limit(PROBLEMS_SHOWN).toList()));
        }
    }
}
