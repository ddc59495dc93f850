package dev.heed.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A labels.csv in aflw2000-dev's format: a header row naming the columns, then one row per image. Columns are found
 * by name, so extra or reordered columns are fine; a missing column or a bad value is an error naming the file and line.
 */
public final class LabelsCsv {
    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    /** One data row. */
    public final class Row {
        private final int line;
        private final String[] fields;

        private Row(int line, String[] fields) {
            this.line = line;
            this.fields = fields;
        }

        /** 1-based line number in the file, for messages. */
        public int line() {
            return line;
        }

        public String text(String column) {
            int i = header.indexOf(column);
            if (i < 0) {
                throw new IllegalArgumentException(file + " has no '" + column + "' column; header: " + header);
            }
            if (i >= fields.length) {
                throw new IllegalArgumentException(file + " line " + line + " has no value in column '" + column + "'");
            }
            return fields[i].strip();
        }

        public double number(String column) {
            String value = text(column);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": '" + column + "' is not a number: '" + value + "'");
            }
        }
    }

    private LabelsCsv(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * @param required columns the header must name
     * @throws IllegalArgumentException if the file is empty or a required column is missing
     */
    public static LabelsCsv read(Path file, String... required) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty; expected a header with " + String.join(",", required));
        }
        List<String> header = Arrays.stream(lines.get(0).strip().split(",")).map(String::strip).toList();
        for (String column : required) {
            if (!header.contains(column)) {
                throw new IllegalArgumentException(file + " has no '" + column + "' column; header: " + header);
            }
        }
        LabelsCsv csv = new LabelsCsv(file, header, new ArrayList<>());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                csv.rows.add(csv.new Row(i + 1, line.split(",")));
            }
        }
        return csv;
    }

    /** Whether the header names every one of these columns. */
    public boolean hasColumns(String... columns) {
        return header.containsAll(List.of(columns));
    }

    public Path file() {
        return file;
    }

    public List<Row> rows() {
        return rows;
    }
}
