using Harvard.Circulation.Formats.Folio;
using NodaTime;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ import-folio SOURCE [--time-zone ZONE] [--currency USD] [--name TEXT] [--strict] [--out FILE] [--report FILE]</c>:
/// imports a FOLIO export (a folder of API bodies or one bundle file) as a policy file. The policy goes to
/// <c>--out</c> (else stdout), the JSON report to <c>--report</c> (else a summary on stderr). Problems go to stderr
/// as <c>path: message</c>, nothing is written, exit 2.
/// </summary>
internal static class ImportFolioCommand
{
    /// <summary>The options of one import.</summary>
    public sealed record Request(string Source, string? TimeZone, string? Currency, string? Name, bool Strict, string? Out, string? Report);

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var rejected = false;
        if (!Directory.Exists(request.Source) && !File.Exists(request.Source))
        {
            stderr.WriteLine($"{request.Source}: no such file or folder");
            rejected = true;
        }

        if (request.TimeZone is { } zone && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            stderr.WriteLine($"--time-zone: '{zone}' is not a time zone id (an IANA id such as America/New_York)");
            rejected = true;
        }

        if (request.Currency is { } currency && !Money.IsCurrencyCode(currency))
        {
            stderr.WriteLine($"--currency: '{currency}' is not a three-letter upper-case currency code");
            rejected = true;
        }

        if (request.Out is { } o && request.Report is { } r && string.Equals(Path.GetFullPath(o), Path.GetFullPath(r), StringComparison.Ordinal))
        {
            stderr.WriteLine("--report: is the same file as --out");
            rejected = true;
        }

        foreach (var (option, file) in new[] { ("--out", request.Out), ("--report", request.Report) })
        {
            if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !Directory.Exists(folder))
            {
                stderr.WriteLine($"{option}: no folder '{folder}' to write {file} in");
                rejected = true;
            }
        }

        if (rejected)
        {
            return ExitCodes.Rejected;
        }

        var result = FolioImporter.Import(request.Source, new FolioImportOptions(request.TimeZone, request.Currency, request.Name, request.Strict));
        if (!result.IsValid)
        {
            foreach (var problem in result.Problems)
            {
                stderr.WriteLine(problem.ToString());
            }

            return ExitCodes.Rejected;
        }

        var policy = result.WritePolicy() + "\n";
        var report = result.Report!;
        var files = new List<(string Option, string Path, string Text)>();
        if (request.Out is { } outFile)
        {
            files.Add(("--out", outFile, policy));
        }

        if (request.Report is { } reportFile)
        {
            files.Add(("--report", reportFile, report.ToJson()));
        }

        if (!TryWriteAll(files, stderr))
        {
            return ExitCodes.Rejected;
        }

        if (request.Out is null)
        {
            stdout.Write(policy);
        }
        else
        {
            stdout.WriteLine($"{request.Out}: {Count(result.Policy!.Rules.Count, "rule")}, {Count(result.Policy.TermsOfUse.Count, "terms of use", "terms of use")}"
                + (request.Report is null ? string.Empty : $"; report in {request.Report}"));
        }

        if (request.Report is null)
        {
            WriteSummary(report, stderr);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The readable summary of a report: what was dropped, approximated, noted and left unused.</summary>
    public static void WriteSummary(FolioImportReport report, TextWriter output)
    {
        var lines = report.Rules.Where(r => r.Line is not null).Select(r => r.Line).Distinct().Count();
        output.WriteLine($"Imported {Count(report.Rules.Count, "rule")} from {Count(lines, "FOLIO rule line")} and the fallback (line {report.FallbackLine}), {Count(report.Terms.Count, "terms of use", "terms of use")}.");
        Section("Dropped", report.Dropped.Select(d => $"rulesAsText:{d.Line}: {d.Reason}"
            + (d.CoveredBy.Count == 0 ? string.Empty : $" (covered by {(d.CoveredBy.Count == 1 ? "line" : "lines")} {string.Join(", ", d.CoveredBy)})")));
        Section("Approximations", report.Approximations.Select(a => a.ToString()));
        Section("Notes", report.Notes.Select(n => n.ToString()));
        Section("Unused policy records", report.Unused.Select(u => $"{u.Path}: '{u.Id}' is named by no rule"));
        output.WriteLine($"FOLIO also behaves differently whatever the data, in {FolioImportReport.Differences.Count} ways: see docs/folio.md, or --report.");

        void Section(string title, IEnumerable<string> entries)
        {
            var list = entries.ToList();
            if (list.Count == 0)
            {
                return;
            }

            output.WriteLine($"{title} ({list.Count}):");
            foreach (var entry in list)
            {
                output.WriteLine("  " + entry);
            }
        }
    }

    private static string Count(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>Writes every file or none (spec §1: on an error nothing is written). Each text goes to a temporary
    /// file beside its target first; only when all are written are they moved into place, each target's previous
    /// content kept aside until every move succeeded, and put back if one fails.</summary>
    private static bool TryWriteAll(List<(string Option, string Path, string Text)> files, TextWriter stderr)
    {
        foreach (var (option, path, _) in files)
        {
            if (Directory.Exists(path))
            {
                stderr.WriteLine($"{option}: {path} cannot be written: it is a folder");
                return false;
            }
        }

        var staged = new List<(string Option, string Path, string Temp)>();
        var moved = new List<(string Path, string? Backup)>();
        var current = (Option: files.Count > 0 ? files[0].Option : string.Empty, Path: files.Count > 0 ? files[0].Path : string.Empty);
        try
        {
            foreach (var (option, path, text) in files)
            {
                current = (option, path);
                var temp = TempBeside(path, "new");
                staged.Add((option, path, temp));
                File.WriteAllText(temp, text);
            }

            foreach (var (option, path, temp) in staged)
            {
                current = (option, path);
                string? backup = null;
                if (File.Exists(path))
                {
                    backup = TempBeside(path, "old");
                    File.Move(path, backup);
                }

                moved.Add((path, backup));
                File.Move(temp, path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            stderr.WriteLine($"{current.Option}: {current.Path} cannot be written: {ex.Message}");

            // Undo: the files moved into place go, what they replaced comes back, the temporary files go.
            foreach (var (path, backup) in Enumerable.Reverse(moved))
            {
                TryQuietly(() =>
                {
                    if (File.Exists(path) && (backup is null || File.Exists(backup)))
                    {
                        File.Delete(path);
                    }

                    if (backup is not null && File.Exists(backup))
                    {
                        File.Move(backup, path);
                    }
                });
            }

            foreach (var (_, _, temp) in staged)
            {
                TryQuietly(() => File.Delete(temp));
            }

            return false;
        }

        foreach (var (_, backup) in moved)
        {
            if (backup is not null)
            {
                TryQuietly(() => File.Delete(backup));
            }
        }

        return true;
    }

    /// <summary>A file name beside <paramref name="path"/> that no file has.</summary>
    private static string TempBeside(string path, string kind)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{kind}-{Guid.NewGuid():N}.tmp");
    }

    private static void TryQuietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that made the import give up has been reported.
        }
    }
}
