using System.Globalization;
using System.Text.Json;
using Harvard.Circulation.Formats.Text;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.Json;

/// <summary>Collects the problems of one read, each as <c>path: message</c>.</summary>
internal sealed class ProblemList
{
    private readonly List<(string Path, string Message)> problems = [];

    public int Count => problems.Count;

    public IReadOnlyList<(string Path, string Message)> All => problems;

    public void Add(string path, string message) => problems.Add((path.Length == 0 ? "$" : path, message));

    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>The path and message of a JSON syntax error in a text: <c>line L, column C</c>, both counted from
    /// 1, the column in characters as a person counts them (Unicode scalar values: <c>É</c> is one, as is an emoji
    /// written as a surrogate pair); an empty text is <c>$: the file is empty</c>. The parser's words for a text that
    /// is empty or stops early are replaced by plain ones.</summary>
    /// <param name="ex">The parser's exception.</param>
    /// <param name="text">The text that was parsed.</param>
    public static (string Path, string Message) SyntaxError(JsonException ex, string text)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(text);
        return SyntaxError(ex, ColumnIn(text, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0));
    }

    /// <summary>The path and message of a JSON syntax error in UTF-8 bytes (after any byte order mark); see
    /// <see cref="SyntaxError(JsonException, string)"/>.</summary>
    /// <param name="ex">The parser's exception.</param>
    /// <param name="utf8">The bytes that were parsed.</param>
    public static (string Path, string Message) SyntaxError(JsonException ex, ReadOnlySpan<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return SyntaxError(ex, ColumnIn(utf8, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0));
    }

    /// <summary>The 1-based character column of a byte position in a line of a text: the parser counts lines by
    /// <c>\n</c> and positions in UTF-8 bytes.</summary>
    private static long ColumnIn(string text, long line, long bytePosition)
    {
        var start = 0;
        for (long l = 0; l < line; l++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return bytePosition + 1;
            }

            start = next + 1;
        }

        var column = 1L;
        var bytes = 0L;
        var i = start;
        while (i < text.Length && text[i] != '\n')
        {
            // A lone surrogate is transcoded as U+FFFD (3 bytes), which is what DecodeFromUtf16 gives for it.
            _ = System.Text.Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var chars);
            if (bytes + rune.Utf8SequenceLength > bytePosition)
            {
                return column; // the position is at (or inside) this character
            }

            bytes += rune.Utf8SequenceLength;
            i += chars;
            column++;
        }

        // A position past the end of the line (the text stops early) counts on byte by byte.
        return column + Math.Max(0, bytePosition - bytes);
    }

    /// <summary>The 1-based character column of a byte position in a line of UTF-8 bytes; an invalid sequence
    /// counts as the one replacement character an editor shows for it.</summary>
    private static long ColumnIn(ReadOnlySpan<byte> utf8, long line, long bytePosition)
    {
        var start = 0;
        for (long l = 0; l < line; l++)
        {
            var next = utf8[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return bytePosition + 1;
            }

            start += next + 1;
        }

        var column = 1L;
        var bytes = 0L;
        var i = start;
        while (i < utf8.Length && utf8[i] != (byte)'\n')
        {
            _ = System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed);
            if (bytes + consumed > bytePosition)
            {
                return column;
            }

            bytes += consumed;
            i += consumed;
            column++;
        }

        return column + Math.Max(0, bytePosition - bytes);
    }

    private static (string Path, string Message) SyntaxError(JsonException ex, long column)
    {
        var line = (ex.LineNumber ?? 0) + 1;
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return ("$", "the file is empty: expected a JSON object { ... }");
        }

        if (message.Contains("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal)
            || message.Contains("reached end of data", StringComparison.Ordinal))
        {
            message = "the text ends before the JSON is complete (an object, array or string is not closed)";
        }

        return (string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}"), "not valid JSON: " + message.Trim());
    }
}

/// <summary>The fields of one JSON object, checked against the names it may have; every problem is reported
/// to the shared <see cref="ProblemList"/> and the reader carries on.</summary>
internal sealed class JsonObjectReader
{
    private static readonly OffsetDateTimePattern[] InstantPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];

    private static readonly Instant EarliestInstant = NodaTime.Instant.FromUtc(1900, 1, 1, 0, 0);
    private static readonly Instant LatestInstant = NodaTime.Instant.FromUtc(2999, 12, 31, 23, 59, 59);

    private readonly ProblemList problems;
    private readonly Dictionary<string, JsonElement> values;

    private JsonObjectReader(ProblemList problems, string path, Dictionary<string, JsonElement> values)
    {
        this.problems = problems;
        Path = path;
        this.values = values;
    }

    public string Path { get; }

    public IEnumerable<string> Names => values.Keys;

    /// <summary>Opens an object, reporting unknown and repeated fields; null (reported) when it is not an object.</summary>
    public static JsonObjectReader? Open(ProblemList problems, JsonElement element, string path, IReadOnlyCollection<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "expected an object");
            return null;
        }

        var values = new Dictionary<string, JsonElement>(known.Count, StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!IsKnown(known, property.Name))
            {
                // Suggest only the known fields the object does not already give.
                var given = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                problems.Add(ProblemList.Child(path, property.Name), "unknown field" + Suggestions.DidYouMean(property.Name, known.Where(k => !given.Contains(k))));
            }
            else if (!values.TryAdd(property.Name, property.Value))
            {
                problems.Add(ProblemList.Child(path, property.Name), "is given more than once");
            }
        }

        return new JsonObjectReader(problems, path, values);
    }

    public string PathOf(string name) => ProblemList.Child(Path, name);

    private static bool IsKnown(IReadOnlyCollection<string> known, string name)
    {
        foreach (var field in known)
        {
            if (string.Equals(field, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool Has(string name) => values.ContainsKey(name);

    public JsonElement? Raw(string name, bool required) => Get(name, required);

    public string? String(string name, bool required, bool nonEmpty = true)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            problems.Add(PathOf(name), "expected a string");
            return null;
        }

        var text = e.GetString()!;
        if (nonEmpty && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(PathOf(name), "must not be empty");
            return null;
        }

        return text;
    }

    public int? Int(string name, bool required, bool nonNegative = false)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value))
        {
            problems.Add(PathOf(name), "expected a whole number");
            return null;
        }

        if (nonNegative && value < 0)
        {
            problems.Add(PathOf(name), "must not be negative");
            return null;
        }

        return value;
    }

    /// <summary>A JSON number as a decimal (FOLIO writes amounts and counts as numbers, not strings).</summary>
    public decimal? Number(string name, bool required)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDecimal(out var value))
        {
            problems.Add(PathOf(name), "expected a number");
            return null;
        }

        return value;
    }

    /// <summary>A boolean; <paramref name="whenAbsent"/> when absent or wrong (reported).</summary>
    public bool Bool(string name, bool whenAbsent) => Bool(name) ?? whenAbsent;

    public bool? Bool(string name)
    {
        if (Get(name, required: false) is not { } e)
        {
            return null;
        }

        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        problems.Add(PathOf(name), "expected true or false");
        return null;
    }

    /// <summary>A positive amount as a decimal string, rounded to the cent; zero and negative amounts are format
    /// errors (scenario events).</summary>
    public Money? PositiveAmount(string name, bool required, string currency)
    {
        if (DecimalString(name, required) is not { } parsed)
        {
            return null;
        }

        var (amount, text) = parsed;

        if (amount <= 0)
        {
            problems.Add(PathOf(name), $"'{text}' is not a positive amount");
            return null;
        }

        var money = new Money(amount, currency).RoundToCent();
        if (!money.IsPositive)
        {
            problems.Add(PathOf(name), $"'{text}' rounds to 0.00");
            return null;
        }

        return money;
    }

    /// <summary>A non-negative amount as a decimal string, kept exact (policy figures: a rate may be below a
    /// cent); a negative amount is a format error.</summary>
    public Money? NonNegativeAmount(string name, bool required, string currency)
    {
        if (DecimalString(name, required) is not { Amount: var amount })
        {
            return null;
        }

        if (amount < 0)
        {
            problems.Add(PathOf(name), "must not be negative");
            return null;
        }

        return new Money(amount, currency);
    }

    /// <summary>The one amount syntax of every format: an optional minus, 1–20 digits, optionally a point and
    /// 1–10 digits, as a JSON string.</summary>
    private (decimal Amount, string Text)? DecimalString(string name, bool required)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            problems.Add(PathOf(name), "expected a decimal string such as \"3.00\"");
            return null;
        }

        var text = e.GetString()!;
        if (!IsDecimalSyntax(text) || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            problems.Add(PathOf(name), $"'{text}' is not a decimal amount such as \"3.00\"");
            return null;
        }

        return (amount, text);
    }

    /// <summary>An ISO-8601 instant with an offset (<c>Z</c> allowed).</summary>
    public Instant? Instant(string name, bool required)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            problems.Add(PathOf(name), "expected an ISO-8601 instant with an offset, such as \"2026-01-05T10:00:00-05:00\"");
            return null;
        }

        var text = e.GetString()!;
        foreach (var pattern in InstantPatterns)
        {
            var parsed = pattern.Parse(text);
            if (parsed.Success)
            {
                // Bounded so that the policy's periods (at most 1,000 years each) can be added and chained.
                var instant = parsed.Value.ToInstant();
                if (instant < EarliestInstant || instant > LatestInstant)
                {
                    problems.Add(PathOf(name), $"'{text}' is outside the years 1900 to 2999 that a scenario may use");
                    return null;
                }

                return instant;
            }
        }

        problems.Add(PathOf(name), $"'{text}' is not an ISO-8601 instant with an offset, such as \"2026-01-05T10:00:00-05:00\"");
        return null;
    }

    public JsonElement? Array(string name, bool required)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add(PathOf(name), "expected an array");
            return null;
        }

        return e;
    }

    public JsonObjectReader? Object(string name, IReadOnlyCollection<string> known, bool required) =>
        Get(name, required) is { } e ? Open(problems, e, PathOf(name), known) : null;

    /// <summary>A value by its spelling; null when absent or wrong (reported).</summary>
    public T? Spelling<T>(string name, IReadOnlyList<(string Spelling, T Value)> spellings, bool required, string? what = null)
        where T : struct => Enum(name, spellings, null, required, what);

    /// <summary>A value by its spelling; <paramref name="whenAbsent"/> when absent, null when wrong (reported as
    /// <c>'x' is not one of a, b, c</c>, or <c>'x' is not WHAT</c>).</summary>
    public T? Enum<T>(string name, IReadOnlyList<(string Spelling, T Value)> spellings, T? whenAbsent, bool required = false, string? what = null)
        where T : struct
    {
        if (Get(name, required) is null)
        {
            return whenAbsent;
        }

        if (String(name, required, nonEmpty: false) is not { } text)
        {
            return null;
        }

        foreach (var (spelling, value) in spellings)
        {
            if (string.Equals(spelling, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        problems.Add(PathOf(name), (what is null
            ? $"'{text}' is not one of {string.Join(", ", spellings.Select(s => s.Spelling))}"
            : $"'{text}' is not {what}") + Suggestions.DidYouMean(text, spellings.Select(s => s.Spelling)));
        return null;
    }

    private static bool IsDecimalSyntax(string text)
    {
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '-')
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        return whole.Length is > 0 and <= 20 && whole.IndexOfAnyExceptInRange('0', '9') < 0
            && (dot < 0 || (fraction.Length is > 0 and <= 10 && fraction.IndexOfAnyExceptInRange('0', '9') < 0));
    }

    /// <summary>The field's value; null when absent (reported when required) or JSON null and not required.
    /// A required field given as JSON null is returned, so that its type check names what was expected.</summary>
    private JsonElement? Get(string name, bool required)
    {
        if (values.TryGetValue(name, out var value) && (required || value.ValueKind != JsonValueKind.Null))
        {
            return value;
        }

        if (required && !values.ContainsKey(name))
        {
            problems.Add(PathOf(name), "is required");
        }

        return null;
    }
}
