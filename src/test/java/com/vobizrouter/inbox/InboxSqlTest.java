package com.vobizrouter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the rule of the README's code map for the inbox's tables: the text of every statement on
 * {@code inbox_event}, its keys, {@code delivery}, {@code delivery_attempt} and {@code dead_letter} is written in
 * {@link InboxSql}. Read from the sources, since the compiler copies string constants into the
 * classes that use them. {@code Retention}'s purges and {@code TableSizes}, one template over a
 * list of every table that grows, are the stated exceptions.
 */
class InboxSqlTest {

    private static final Path SOURCES = Path.of("src/main/java/com/vobizrouter");
    private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern INBOX_TABLE = Pattern.compile(
            "(?i)\\b(inbox_event|delivery_attempt|dead_letter|CAMEL_MESSAGEPROCESSED)\\b|\\b(FROM|INTO|UPDATE|JOIN)\\s+delivery\\b");
    private static final Set<String> ONE_TEMPLATE_FOR_EVERY_TABLE = Set.of("Retention.java", "TableSizes.java");

    @Test
    void noClassButInboxSqlWritesTheTextOfAStatementOnTheInboxTables() throws IOException {
        Map<String, List<String>> literalsByFile;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            literalsByFile = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !ONE_TEMPLATE_FOR_EVERY_TABLE.contains(file.getFileName().toString()))
                    .collect(Collectors.toMap(file -> SOURCES.relativize(file).toString(), InboxSqlTest::literalsNamingAnInboxTable))
                    .entrySet().stream().filter(file -> !file.getValue().isEmpty())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        assertThat(literalsByFile).containsOnlyKeys(Path.of("inbox", "InboxSql.java").toString());
    }

    /** The string literals of the file's code (not of its comments) that name one of the inbox's tables. */
    private static List<String> literalsNamingAnInboxTable(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
                    .flatMap(line -> LITERAL.matcher(line).results().map(MatchResult::group))
                    .filter(literal -> INBOX_TABLE.matcher(literal).find())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
