namespace Harvard.Circulation.Formats.Folio;

/// <summary>
/// Parses a FOLIO circulation rules text (the language of mod-circulation's <c>CirculationRules.g4</c>, see
/// <c>docs/folio.md</c>) into its priority, fallback and nested rule lines, collecting every problem as
/// <c>rulesAsText:LINE:COLUMN: message</c>.
/// </summary>
/// <remarks>
/// <para>The text is read line by line, as FOLIO's lexer does: a <c>#</c> or <c>/</c> starts a comment to the
/// end of the line; blank and comment-only lines are ignored; leading spaces give the indentation. Words are
/// <c>[0-9a-zA-Z-]+</c>; a single <c>g m t a b c s</c> is a criterion letter, a single <c>l r n o i</c> a policy
/// type, and <c>priority</c>, <c>first-line</c>, <c>last-line</c>, <c>criterium</c>, <c>number-of-criteria</c>,
/// <c>fallback-policy</c> and <c>all</c> are keywords; any other word is a name.</para>
/// <para>FOLIO stops at its first error; this parser reports one problem per broken line and carries on, so that
/// a text with several mistakes shows them all. Lines are FOLIO's (the ported vectors pin them); columns are
/// those of the offending character, where FOLIO's are sometimes 0-based or one past a tab.</para>
/// </remarks>
internal static class FolioRulesParser
{
    private const string PolicyTypeLetters = "lrnoi";
    private const string CriterionLetters = "tabcsmg";
    private const string OneOfEachType = "a line names exactly one policy of each type l, r, n, o, i";

    private static readonly HashSet<string> Keywords =
        new(["priority", "first-line", "last-line", "criterium", "number-of-criteria", "fallback-policy", "all"], StringComparer.Ordinal);

    /// <summary>Parses a rules text.</summary>
    public static FolioRulesText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parsing(text).Run();
    }

    /// <summary>The policy type of a letter <c>l r n o i</c>.</summary>
    public static FolioPolicyType TypeOf(char letter) => (FolioPolicyType)PolicyTypeLetters.IndexOf(letter, StringComparison.Ordinal);

    /// <summary>The letter of a policy type.</summary>
    public static char LetterOf(FolioPolicyType type) => PolicyTypeLetters[(int)type];

    private static bool IsNameChar(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-';

    private enum TokenKind
    {
        Word,
        Colon,
        Comma,
        LeftParenthesis,
        RightParenthesis,
        Plus,
        Bang,
        End,
    }

    private enum Stage
    {
        ExpectPriority,
        ExpectFallback,
        Rules,
        AfterFallback,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Column)
    {
        public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;

        public bool IsLetter => Kind == TokenKind.Word && Text.Length == 1 && CriterionLetters.Contains(Text[0], StringComparison.Ordinal);

        public bool IsPolicyType => Kind == TokenKind.Word && Text.Length == 1 && PolicyTypeLetters.Contains(Text[0], StringComparison.Ordinal);

        public bool IsName => Kind == TokenKind.Word && !IsLetter && !IsPolicyType && !Keywords.Contains(Text);

        public string Describe() => Kind == TokenKind.End ? "the end of the line" : $"'{Text}'";

        /// <summary>The syntax error at this token (spec §6: <c>unexpected 'foo'</c>), with what was expected.</summary>
        public string Unexpected(string expected) => Kind == TokenKind.End
            ? $"unexpected end of the line: expected {expected}"
            : $"unexpected '{Text}': expected {expected}";
    }

    /// <summary>One non-blank physical line: its number, indentation, tokens, and whether it could be tokenized.</summary>
    private sealed record SourceLine(int Number, int Indent, List<Token> Tokens, bool Broken);

    private sealed class Parsing(string text)
    {
        private readonly List<FolioRulesProblem> problems = [];
        private readonly List<FolioRuleLine> lines = [];
        private readonly List<FolioPolicyReference> references = [];
        private readonly Dictionary<char, int> weights = [];

        public FolioRulesText Run()
        {
            var source = Lines();
            var stage = Stage.ExpectPriority;
            var priority = FolioPriority.LastLine;
            var fallbackLine = 0;
            var fallbackSeen = false;
            FolioPolicyTuple? fallback = null;
            var misplacedReported = false;
            var open = new List<(int Indent, FolioRuleLine Line)>();
            var brokenLines = new HashSet<FolioRuleLine>();

            for (var index = 0; index < source.Count; index++)
            {
                var line = source[index];
                var first = line.Tokens[0];
                if (first.IsWord("priority"))
                {
                    if (stage != Stage.ExpectPriority)
                    {
                        Problem(line.Number, first.Column, "a second priority line: the priority line comes once, before everything else");
                        continue;
                    }

                    if (line.Indent > 0)
                    {
                        Problem(line.Number, first.Column, "the priority line must not be indented");
                    }

                    if (!line.Broken && ParsePriority(new Cursor(line, problems)) is { } parsed)
                    {
                        priority = parsed;
                    }

                    stage = priority.IsBareFirstLine ? Stage.Rules : Stage.ExpectFallback;
                    continue;
                }

                if (stage == Stage.ExpectPriority && line.Broken && first.Kind == TokenKind.End)
                {
                    // A first line broken before its first word: its own problem says enough; take it as the priority line.
                    stage = Stage.ExpectFallback;
                    continue;
                }

                if (stage == Stage.ExpectPriority)
                {
                    Problem(line.Number, first.Column, $"the rules must begin with the priority line (e.g. 'priority: t, s, c, b, a, m, g'), not with {first.Describe()}");
                    stage = Stage.ExpectFallback;
                    misplacedReported = true;
                }

                if (first.IsWord("fallback-policy"))
                {
                    if (line.Indent > 0)
                    {
                        Problem(line.Number, first.Column, "the fallback-policy line must not be indented");
                    }

                    if (fallbackSeen)
                    {
                        Problem(line.Number, first.Column, "a second fallback-policy line: there must be exactly one");
                        continue;
                    }

                    fallbackSeen = true;
                    fallbackLine = line.Number;
                    if (!line.Broken)
                    {
                        var cursor = new Cursor(line, problems);
                        cursor.Next();
                        fallback = ParsePolicies(cursor, "'fallback-policy'");
                    }

                    stage = priority.IsBareFirstLine ? Stage.AfterFallback : Stage.Rules;
                    open.Clear();
                    continue;
                }

                if (stage == Stage.ExpectFallback && !misplacedReported)
                {
                    Problem(line.Number, first.Column, "the fallback-policy line must come right after the priority line");
                    misplacedReported = true;
                }
                else if (stage == Stage.AfterFallback && !misplacedReported)
                {
                    Problem(line.Number, first.Column, "with 'priority: first-line' the fallback-policy line must come after the last rule");
                    misplacedReported = true;
                }

                stage = stage == Stage.ExpectFallback ? Stage.Rules : stage;
                var parsedLine = line.Broken ? null : ParseRuleLine(new Cursor(line, problems));
                var broken = parsedLine is null;
                var (criteria, policies) = parsedLine ?? (new List<FolioCriterion>(), null);

                // Nesting: deeper than the last open line makes a child; otherwise the line must return to the
                // indentation of an enclosing line (FOLIO's INDENT/DEDENT tokens).
                FolioRuleLine? parent;
                if (open.Count > 0 && line.Indent > open[^1].Indent)
                {
                    parent = open[^1].Line;
                }
                else if (open.Count == 0 && line.Indent == 0)
                {
                    parent = null;
                }
                else if (open.Count == 0)
                {
                    if (!broken)
                    {
                        Problem(line.Number, first.Column, "this line is indented, but there is no line above it to nest under");
                    }

                    continue;
                }
                else
                {
                    var levels = string.Join(", ", open.Select(o => o.Indent).Prepend(0).Distinct());
                    while (open.Count > 0 && open[^1].Indent > line.Indent)
                    {
                        open.RemoveAt(open.Count - 1);
                    }

                    if (open.Count > 0 && open[^1].Indent == line.Indent)
                    {
                        open.RemoveAt(open.Count - 1);
                        parent = open.Count > 0 ? open[^1].Line : null;
                    }
                    else if (open.Count == 0 && line.Indent == 0)
                    {
                        parent = null;
                    }
                    else
                    {
                        if (!broken)
                        {
                            Problem(line.Number, first.Column, $"the indentation ({line.Indent} spaces) returns to no enclosing line (those are indented {levels})");
                        }

                        continue;
                    }
                }

                var ruleLine = new FolioRuleLine(line.Number, line.Indent, criteria, policies, parent);
                open.Add((line.Indent, ruleLine));
                if (broken || (parent is not null && brokenLines.Contains(parent)))
                {
                    brokenLines.Add(ruleLine);
                    continue;
                }

                if (policies is null && (index + 1 >= source.Count || source[index + 1].Indent <= line.Indent))
                {
                    Problem(line.Number, first.Column, "this line names no policies and has no lines nested under it: add ': l … r … n … o … i …' or indented lines");
                    continue;
                }

                lines.Add(ruleLine);
            }

            if (source.Count == 0)
            {
                Problem(1, 1, "the rules text is empty: it needs a priority line and a fallback-policy line");
            }
            else if (!fallbackSeen)
            {
                var last = source[^1];
                Problem(last.Number, EndColumn(last), priority.IsBareFirstLine
                    ? "the fallback-policy line is missing: with 'priority: first-line' it comes after the last rule"
                    : "the fallback-policy line is missing: it comes right after the priority line");
            }

            return new FolioRulesText(priority, lines, fallbackLine, fallback, references, problems);
        }

        private static int EndColumn(SourceLine line) => line.Tokens[^1].Column;

        private List<SourceLine> Lines()
        {
            var result = new List<SourceLine>();
            var number = 0;
            var start = 0;
            while (start <= text.Length)
            {
                number++;
                var end = start;
                while (end < text.Length && text[end] is not ('\n' or '\r'))
                {
                    end++;
                }

                var raw = text[start..end];
                start = end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
                var comment = raw.IndexOfAny(['#', '/']);
                var content = comment >= 0 ? raw[..comment] : raw;
                var indent = 0;
                while (indent < content.Length && content[indent] == ' ')
                {
                    indent++;
                }

                var tab = content.IndexOf('\t', StringComparison.Ordinal);
                if (indent == content.Length && tab < 0)
                {
                    continue; // blank or comment-only
                }

                var (tokens, broken) = Tokenize(content, indent, number, tab);
                result.Add(new SourceLine(number, indent, tokens, broken));
            }

            return result;
        }

        private (List<Token> Tokens, bool Broken) Tokenize(string content, int indent, int number, int tab)
        {
            var tokens = new List<Token>();
            var i = indent;
            var broken = false;
            while (i < content.Length)
            {
                var c = content[i];
                if (c == ' ')
                {
                    i++;
                    continue;
                }

                if (IsNameChar(c))
                {
                    var j = i;
                    while (j < content.Length && IsNameChar(content[j]))
                    {
                        j++;
                    }

                    tokens.Add(new Token(TokenKind.Word, content[i..j], i + 1));
                    i = j;
                    continue;
                }

                var kind = c switch
                {
                    ':' => TokenKind.Colon,
                    ',' => TokenKind.Comma,
                    '(' => TokenKind.LeftParenthesis,
                    ')' => TokenKind.RightParenthesis,
                    '+' => TokenKind.Plus,
                    '!' => TokenKind.Bang,
                    _ => TokenKind.End,
                };
                if (kind == TokenKind.End)
                {
                    Problem(number, i + 1, i == tab
                        ? "a tab character is not allowed: indent and separate with spaces"
                        : $"unexpected {Printable(c)}: names are made of letters, digits and '-'");
                    broken = true;
                    break;
                }

                tokens.Add(new Token(kind, c.ToString(), i + 1));
                i++;
            }

            var last = content.TrimEnd(' ', '\t').Length;
            tokens.Add(new Token(TokenKind.End, string.Empty, Math.Max(last, indent) + 1));
            return (tokens, broken);
        }

        private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
            ? $"character U+{(int)c:X4}"
            : $"'{c}'";

        private FolioPriority? ParsePriority(Cursor cursor)
        {
            cursor.Next(); // priority
            if (!cursor.Expect(TokenKind.Colon, "':' after 'priority'"))
            {
                return null;
            }

            var start = cursor.Peek;
            if (start.IsWord("first-line") || start.IsWord("last-line"))
            {
                cursor.Next();
                return cursor.ExpectEnd() ? FolioPriority.LastLine with { FirstLine = start.Text == "first-line" } : null;
            }

            if (start.IsLetter)
            {
                // The legacy form: seven bare letters mean criterium(letters), number-of-criteria, last-line.
                return ReadLetters(cursor) && cursor.ExpectEnd()
                    ? new FolioPriority(FolioPriorityKind.Criterium, FolioPriorityKind.NumberOfCriteria, false, weights)
                    : null;
            }

            var kinds = new List<FolioPriorityKind>();
            while (true)
            {
                var token = cursor.Peek;
                FolioPriorityKind kind;
                if (token.IsWord("criterium"))
                {
                    kind = FolioPriorityKind.Criterium;
                }
                else if (token.IsWord("number-of-criteria"))
                {
                    kind = FolioPriorityKind.NumberOfCriteria;
                }
                else
                {
                    cursor.Fail(token, token.Unexpected(kinds.Count == 0
                        ? "last-line, first-line, criterium(...), number-of-criteria or seven criterion letters"
                        : "criterium(...), number-of-criteria, first-line or last-line"));
                    return null;
                }

                // A priority kind twice is reported at its second occurrence, before its letters are read (a
                // second criterium's letters would otherwise each be "given twice").
                if (kinds.Count == 1 && kinds[0] == kind)
                {
                    cursor.Fail(token, $"the priority '{token.Text}' is given twice");
                    return null;
                }

                cursor.Next();
                if (kind == FolioPriorityKind.Criterium
                    && (!cursor.Expect(TokenKind.LeftParenthesis, "'(' and seven criterion letters after 'criterium'")
                        || !ReadLetters(cursor)
                        || !cursor.Expect(TokenKind.RightParenthesis, "')' after the seven criterion letters")))
                {
                    return null;
                }

                kinds.Add(kind);
                if (!cursor.Expect(TokenKind.Comma, "',' and then first-line or last-line"))
                {
                    return null;
                }

                var next = cursor.Peek;
                if (next.IsWord("first-line") || next.IsWord("last-line"))
                {
                    cursor.Next();
                    if (!cursor.ExpectEnd())
                    {
                        return null;
                    }

                    return kinds.Count == 1
                        ? new FolioPriority(FolioPriorityKind.None, kinds[0], next.Text == "first-line", weights)
                        : new FolioPriority(kinds[0], kinds[1], next.Text == "first-line", weights);
                }

                if (kinds.Count == 2)
                {
                    cursor.Fail(next, next.Unexpected("first-line or last-line"));
                    return null;
                }
            }
        }

        /// <summary>Seven criterion letters, commas optional; each letter weighs 7 − its position. The weights are
        /// shared by the whole priority line, as in FOLIO: a second letter list repeats every letter.</summary>
        private bool ReadLetters(Cursor cursor)
        {
            var first = cursor.Peek;
            if (!first.IsLetter)
            {
                return cursor.Fail(first, first.Unexpected("seven criterion letters (t, a, b, c, s, m, g)"));
            }

            var letters = new List<Token> { cursor.Next() };
            while (true)
            {
                if (cursor.Peek.IsLetter)
                {
                    letters.Add(cursor.Next());
                }
                else if (cursor.Peek.Kind == TokenKind.Comma && cursor.PeekAt(1).IsLetter)
                {
                    cursor.Next();
                    letters.Add(cursor.Next());
                }
                else
                {
                    break;
                }
            }

            if (letters.Count != 7)
            {
                return cursor.Fail(first, letters.Count < 7
                    ? $"7 criterion letters expected (t, a, b, c, s, m, g, each once), found only {letters.Count}"
                    : $"only 7 criterion letters expected (t, a, b, c, s, m, g, each once), found {letters.Count}");
            }

            for (var i = 0; i < letters.Count; i++)
            {
                if (!weights.TryAdd(letters[i].Text[0], 7 - i))
                {
                    return cursor.Fail(letters[i], $"the letter '{letters[i].Text}' is given twice");
                }
            }

            return true;
        }

        /// <summary>Criteria joined by <c>+</c>, then optionally <c>:</c> and the policies.</summary>
        private (List<FolioCriterion>, FolioPolicyTuple?)? ParseRuleLine(Cursor cursor)
        {
            var criteria = new List<FolioCriterion>();
            while (true)
            {
                var letterToken = cursor.Next();
                if (!letterToken.IsLetter)
                {
                    cursor.Fail(letterToken, letterToken.Unexpected("a criterion letter (g, m, t, a, b, c, s)"));
                    return null;
                }

                var letter = letterToken.Text[0];
                var names = new List<string>();
                FolioCriterionMode mode;
                var selection = cursor.Peek;
                if (selection.IsWord("all"))
                {
                    cursor.Next();
                    mode = FolioCriterionMode.All;
                }
                else if (selection.Kind == TokenKind.Bang)
                {
                    mode = FolioCriterionMode.NoneOf;
                    while (cursor.Peek.Kind == TokenKind.Bang)
                    {
                        cursor.Next();
                        if (!cursor.Peek.IsName)
                        {
                            cursor.Fail(cursor.Peek, $"name missing after '!', found {cursor.Peek.Describe()}");
                            return null;
                        }

                        names.Add(cursor.Next().Text);
                    }

                    if (cursor.Peek.IsName)
                    {
                        cursor.Fail(cursor.Peek, "a '!' must precede each name of a criterion, or none");
                        return null;
                    }
                }
                else if (selection.IsName)
                {
                    mode = FolioCriterionMode.AnyOf;
                    while (cursor.Peek.IsName)
                    {
                        names.Add(cursor.Next().Text);
                    }

                    if (cursor.Peek.Kind == TokenKind.Bang)
                    {
                        cursor.Fail(cursor.Peek, "a '!' must precede each name of a criterion, or none");
                        return null;
                    }
                }
                else
                {
                    cursor.Fail(selection, $"name missing after '{letter}': give one or more names, one or more !names, or all; found {selection.Describe()}");
                    return null;
                }

                criteria.Add(new FolioCriterion(letter, mode, names, letterToken.Column));
                var next = cursor.Peek;
                if (next.Kind == TokenKind.Plus)
                {
                    cursor.Next();
                    continue;
                }

                if (next.Kind == TokenKind.End)
                {
                    return (criteria, null);
                }

                if (next.Kind == TokenKind.Colon)
                {
                    var policies = ParsePolicies(cursor, "the criteria");
                    return policies is null ? null : (criteria, policies);
                }

                cursor.Fail(next, next.Unexpected("'+', ':' or the end of the line"));
                return null;
            }
        }

        /// <summary>':' then one policy of each type, in any order.</summary>
        private FolioPolicyTuple? ParsePolicies(Cursor cursor, string after)
        {
            var colon = cursor.Peek;
            if (colon.Kind != TokenKind.Colon)
            {
                cursor.Fail(colon, colon.Kind == TokenKind.End
                    ? $"policies missing: expected ':' after {after}, then one policy of each type l, r, n, o, i"
                    : colon.Unexpected($"':' after {after}"));
                return null;
            }

            cursor.Next();
            if (cursor.Peek.Kind == TokenKind.End)
            {
                cursor.Fail(cursor.Peek, "policies missing after ':': give one policy of each type l, r, n, o, i");
                return null;
            }

            var named = new List<(FolioPolicyType Type, Token TypeToken, Token Name)>();
            while (cursor.Peek.Kind != TokenKind.End)
            {
                var type = cursor.Next();
                if (!type.IsPolicyType)
                {
                    cursor.Fail(type, type.Unexpected("a policy type (l, r, n, o, i)"));
                    return null;
                }

                var name = cursor.Peek;
                if (!name.IsName)
                {
                    cursor.Fail(name, $"name missing after policy type '{type.Text}', found {name.Describe()}");
                    return null;
                }

                cursor.Next();
                named.Add((TypeOf(type.Text[0]), type, name));
            }

            var ok = true;
            var ids = new string[5];
            foreach (var type in Enum.GetValues<FolioPolicyType>())
            {
                var ofType = named.Where(n => n.Type == type).ToList();
                if (ofType.Count == 0)
                {
                    cursor.Fail(colon, $"policy type '{LetterOf(type)}' is missing: {OneOfEachType}");
                    ok = false;
                }
                else if (ofType.Count > 1)
                {
                    cursor.Fail(ofType[1].TypeToken, $"policy type '{LetterOf(type)}' is given twice: {OneOfEachType}");
                    ok = false;
                }
                else
                {
                    ids[(int)type] = ofType[0].Name.Text;
                }
            }

            if (!ok)
            {
                return null;
            }

            foreach (var (type, _, name) in named)
            {
                references.Add(new FolioPolicyReference(type, name.Text, cursor.LineNumber, name.Column));
            }

            return new FolioPolicyTuple(ids[0], ids[1], ids[2], ids[3], ids[4]);
        }

        private void Problem(int line, int column, string message) => problems.Add(new FolioRulesProblem(line, column, message));
    }

    /// <summary>Reads the tokens of one line; every failure is reported at its token.</summary>
    private sealed class Cursor(SourceLine line, List<FolioRulesProblem> problems)
    {
        private int position;

        public int LineNumber => line.Number;

        public Token Peek => line.Tokens[position];

        public Token PeekAt(int ahead) => line.Tokens[Math.Min(position + ahead, line.Tokens.Count - 1)];

        public Token Next()
        {
            var token = line.Tokens[position];
            if (position < line.Tokens.Count - 1)
            {
                position++;
            }

            return token;
        }

        public bool Expect(TokenKind kind, string expected)
        {
            if (Peek.Kind == kind)
            {
                Next();
                return true;
            }

            Fail(Peek, Peek.Unexpected(expected));
            return false;
        }

        public bool ExpectEnd()
        {
            if (Peek.Kind == TokenKind.End)
            {
                return true;
            }

            Fail(Peek, Peek.Unexpected("the end of the line"));
            return false;
        }

        /// <summary>Reports a problem at a token; always returns false.</summary>
        public bool Fail(Token token, string message)
        {
            problems.Add(new FolioRulesProblem(line.Number, token.Column, message));
            return false;
        }
    }
}
