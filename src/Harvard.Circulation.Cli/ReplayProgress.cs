using System.Diagnostics;
using System.Globalization;

namespace Harvard.Circulation.Cli;

/// <summary>
/// Progress of a long replay on stderr: after about two seconds, every second, the events done of the total and
/// the rate. On a terminal it rewrites one line; otherwise (with <c>--progress</c>) it writes a line each time.
/// stdout carries the report alone. Reading the clock is the tool's business, never the engine's.
/// </summary>
internal sealed class ReplayProgress
{
    private readonly TimeSpan every;
    private readonly TextWriter stderr;
    private readonly int total;
    private readonly bool terminal;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan next;
    private bool shown;

    private ReplayProgress(TextWriter stderr, int total, bool terminal, TimeSpan firstAfter, TimeSpan every)
    {
        this.stderr = stderr;
        this.total = total;
        this.terminal = terminal;
        next = firstAfter;
        this.every = every;
    }

    /// <summary>The progress to report, or null: with <c>--progress</c>, or when stderr is the console's and a
    /// terminal.</summary>
    public static ReplayProgress? For(bool asked, TextWriter stderr, int total, TimeSpan? firstAfter = null, TimeSpan? every = null)
    {
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        return asked || terminal
            ? new ReplayProgress(stderr, total, terminal && !asked, firstAfter ?? TimeSpan.FromSeconds(2), every ?? TimeSpan.FromSeconds(1))
            : null;
    }

    /// <summary>Called after each event.</summary>
    public void Replayed(int done)
    {
        // Reading the elapsed time is cheap, but not free: look only every 1,024 events (every one when told to
        // report at once).
        if ((done & 1023) != 0 && done != total && every > TimeSpan.Zero)
        {
            return;
        }

        var elapsed = clock.Elapsed;
        if (elapsed < next && !(shown && done == total))
        {
            return;
        }

        next = elapsed + every;
        shown = true;
        var rate = done / Math.Max(elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture, $"replayed {done:N0} of {total:N0} events ({100.0 * done / Math.Max(total, 1):F0} %, {rate:N0} events/s)");
        if (terminal)
        {
            stderr.Write("\r" + line);
            if (done == total)
            {
                stderr.WriteLine();
            }
        }
        else
        {
            stderr.WriteLine(line);
        }
    }
}
