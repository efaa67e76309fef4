namespace Harvard.Circulation.Formats.Text;

/// <summary>
/// "Did you mean ...?": the known word closest to a misspelt one, for field names, spellings, codes and options.
/// </summary>
/// <remarks>
/// A word differing only in case is always suggested. Otherwise the distance is the optimal string alignment
/// distance (insertions, deletions, substitutions and swaps of two neighbours, each counting one), ignoring case,
/// and a candidate is suggested only when it is at most a third of the word's length away (at least 1, at most
/// 3): <c>itemPolcy</c> gives <c>itemPolicy</c>, <c>fromat</c> gives <c>format</c>, <c>reserve-4h</c> gives
/// <c>reserve-3h</c>, while <c>lose</c> gives nothing among the event types. Ties go to the earlier candidate.
/// </remarks>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="word"/>, or null when none is close enough or the word
    /// is itself a candidate.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        var list = candidates.Where(c => !string.IsNullOrEmpty(c)).ToList();
        if (word.Length == 0 || list.Contains(word, StringComparer.Ordinal))
        {
            return null;
        }

        if (list.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase)) is { } sameLetters)
        {
            return sameLetters;
        }

        var limit = Math.Clamp(word.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            if (Math.Abs(candidate.Length - word.Length) > limit)
            {
                continue;
            }

            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary><c> (did you mean 'X'?)</c> for the closest candidate, or the empty string.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : string.Empty;

    /// <summary>The optimal string alignment distance between two words.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
