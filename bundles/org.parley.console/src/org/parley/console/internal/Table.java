package org.parley.console.internal;

import java.util.List;

/** Renders rows as left-aligned columns separated by two spaces, with a header line. */
final class Table {

    private Table() {
    }

    /**
     * @param header column titles
     * @param rows   the rows, each with as many cells as the header
     * @param empty  what to print when there are no rows
     */
    static String render(List<String> header, List<List<String>> rows, String empty) {
        if (rows.isEmpty()) {
            return empty;
        }
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < widths.length - 1) {
                    out.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        var all = new java.util.ArrayList<List<String>>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
