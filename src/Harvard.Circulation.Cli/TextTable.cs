using System.Globalization;

namespace Harvard.Circulation.Cli;

/// <summary>
/// A table printed in fixed-width columns: a header row, a rule of dashes, then one line per row, each cell
/// padded to its column's widest text (right-aligned for numeric columns) and columns two spaces apart.
/// Trailing spaces are trimmed. A row may carry a note, printed on its own line below it, indented.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private const string Indent = "  ";
    private readonly string[] headers;
    private readonly bool[] rightAligned;
    private readonly List<(string[] Cells, string? Note)> rows = [];

    /// <summary>Creates a table; a header ending in <c>&gt;</c> marks a right-aligned column (the mark is not printed).</summary>
    public TextTable(params string[] headers)
    {
        rightAligned = headers.Select(h => h.EndsWith('>')).ToArray();
        this.headers = headers.Select(h => h.TrimEnd('>')).ToArray();
    }

    /// <summary>The number of rows added.</summary>
    public int Count => rows.Count;

    /// <summary>Adds a row; null cells print as <c>-</c>.</summary>
    public void Add(params string?[] cells) => AddWithNote(null, cells);

    /// <summary>Adds a row with a note printed below it (nothing when null).</summary>
    public void AddWithNote(string? note, params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row of this table has {headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        rows.Add((cells.Select(c => string.IsNullOrEmpty(c) ? "-" : Clean(c)).ToArray(), note is null ? null : Clean(note)));
    }

    /// <summary>Writes the table, or <c>(none)</c> when it has no rows.</summary>
    public void Write(TextWriter writer)
    {
        if (rows.Count == 0)
        {
            writer.WriteLine(Indent + "(none)");
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r.Cells[i].Length))).ToArray();
        WriteLine(writer, headers, widths);
        WriteLine(writer, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var (cells, note) in rows)
        {
            WriteLine(writer, cells, widths);
            if (note is not null)
            {
                writer.WriteLine(Indent + Indent + note);
            }
        }
    }

    /// <summary>A count as the tables print it.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var parts = cells.Select((c, i) => rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
        writer.WriteLine((Indent + string.Join(Gap, parts)).TrimEnd());
    }

    // A value from the file must not break the layout: control characters (a new line in a title) print as spaces.
    private static string Clean(string text) =>
        text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : text;
}
