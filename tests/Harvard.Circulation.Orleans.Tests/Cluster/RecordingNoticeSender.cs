using System.Collections.Concurrent;
using Harvard.Circulation.Orleans.Notices;

namespace Harvard.Circulation.Orleans.Tests.Cluster;

/// <summary>A notice sender shared by every silo in this process that records every notice handed to it, including
/// the same notice handed over twice, and can be made to refuse a desk's notices.</summary>
public sealed class RecordingNoticeSender : INoticeSender
{
    private static readonly ConcurrentQueue<DeskNotice> Received = new();
    private static readonly ConcurrentDictionary<string, bool> Refused = new(StringComparer.Ordinal);

    /// <summary>Every notice handed over, in the order received (across desks).</summary>
    public static IReadOnlyList<DeskNotice> All => [.. Received];

    /// <summary>Makes the sender throw instead of sending a desk's notices, or send them again.</summary>
    /// <param name="deskKey">The desk.</param>
    /// <param name="refusing">Whether to refuse.</param>
    public static void Refuse(string deskKey, bool refusing)
    {
        if (refusing)
        {
            Refused[deskKey] = true;
        }
        else
        {
            Refused.TryRemove(deskKey, out _);
        }
    }

    /// <inheritdoc/>
    public Task SendAsync(DeskNotice notice, CancellationToken cancellationToken)
    {
        if (Refused.ContainsKey(notice.DeskKey))
        {
            throw new IOException("The mail server is down (injected).");
        }

        Received.Enqueue(notice);
        return Task.CompletedTask;
    }
}
