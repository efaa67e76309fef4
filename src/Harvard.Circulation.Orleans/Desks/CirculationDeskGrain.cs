using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Orleans.Notices;
using Harvard.Circulation.Orleans.Storage;
using Harvard.Circulation.Patrons;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Harvard.Circulation.Orleans.Desks;

/// <summary>
/// The desk grain: holds a <see cref="CirculationDesk"/> in memory and keeps it durable as a snapshot (its state
/// file) plus a journal of the operations since, in pages, which activation replays — the desk is pure, so replaying
/// the same operations gives the same desk. Every rule is the core's; this class only stores, answers retries and
/// hands out notices.
/// </summary>
internal sealed partial class CirculationDeskGrain : Grain, ICirculationDeskGrain, IRemindable
{
    private const string ReminderName = "advance";

    private readonly IPersistentState<DeskSnapshotState> snapshot;
    private readonly IPersistentState<NoticesSentState> sent;
    private readonly IGrainStorage storage;
    private readonly CirculationDeskOptions options;
    private readonly IServiceProvider services;
    private readonly INoticeSender sender;
    private readonly ILogger<CirculationDeskGrain> logger;
    private readonly Serializer serializer;

    // Operations answered, by id: those of the journal since the snapshot and of the page before it (for retries).
    private readonly Dictionary<string, JournalEntry> answered = new(StringComparer.Ordinal);
    private CirculationDesk? desk;
    private IReadOnlyDictionary<string, StaffMember> staff = new Dictionary<string, StaffMember>();
    private long lastSequence;

    // The journal page the next operation goes to while it has room, as last stored (with its ETag); -1 = none yet.
    private GrainState<JournalPage> page = new(new JournalPage());
    private List<JournalEntry> pageEntries = [];
    private long pageIndex = -1;

    // Notices decided and not yet accepted by the sender, in time order; derived (from the desk and what the sender
    // has accepted), so never stored.
    private ImmutableList<DeskNotice> pending = [];

    // The name of the embedded policy the desk was opened with, written again in its state files; null = inline.
    private string? policyName;

    public CirculationDeskGrain(
        [PersistentState("snapshot", CirculationDeskOptions.StorageName)] IPersistentState<DeskSnapshotState> snapshot,
        [PersistentState("notices", CirculationDeskOptions.StorageName)] IPersistentState<NoticesSentState> sent,
        IOptions<CirculationDeskOptions> options,
        IServiceProvider services,
        ILogger<CirculationDeskGrain> logger)
    {
        this.snapshot = snapshot;
        this.sent = sent;
        this.options = options.Value;
        this.services = services;
        this.logger = logger;
        storage = services.GetRequiredKeyedService<IGrainStorage>(CirculationDeskOptions.StorageName);
        serializer = services.GetRequiredService<Serializer>();
        sender = services.GetService<INoticeSender>()
            ?? throw new InvalidOperationException("No INoticeSender is registered in the silo's services: the desk grains hand their notices to one (docs/orleans.md).");
    }

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (snapshot.State.StateJson is { } json)
        {
            await RestoreAsync(json);
            await RegisterReminderAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Instant> OpenAsync(string stateJson)
    {
        ArgumentNullException.ThrowIfNull(stateJson);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stateJson)));
        if (desk is not null)
        {
            return snapshot.State.OpenedWith == hash ? desk.Now
                : throw new InvalidOperationException($"Desk {Key} is already open with another state; a desk is opened once.");
        }

        var read = StateReader.Read(stateJson);
        if (!read.IsValid)
        {
            throw new ArgumentException($"The state for desk {Key} has problems: {string.Join("; ", read.Problems)}", nameof(stateJson));
        }

        if (read.State!.Snapshot.Scope is not null)
        {
            throw new ArgumentException($"The state for desk {Key} is the state of part of a desk (scope); a desk grain holds a whole desk.", nameof(stateJson));
        }

        // The notices the state already holds were the previous host's to send. Written before the snapshot, which
        // is what makes the desk open: a failure between the two leaves it closed, and opening again is a retry.
        var opening = read.State.Snapshot;
        await sent.WriteOrDeactivateAsync(new NoticesSentState
        {
            BeforeTicks = opening.AsOf.ToUnixTimeTicks(),
            AcceptedAt = [.. opening.Notices.Where(n => n.At == opening.AsOf)
                .Select(n => ToNotice(n.Sequence, n.Type, n.PatronId, n.At, n.LoanId, n.RequestId, n.TransactionId, opening.Numbering.Ids).NoticeId)],
        }, this);
        await snapshot.WriteOrDeactivateAsync(new DeskSnapshotState { StateJson = stateJson, Sequence = 0, OpenedWith = hash, FirstKeptPage = 0 }, this);
        await RestoreAsync(stateJson, read.State);
        await RegisterReminderAsync();
        return desk!.Now;
    }

    public Task<DeskAnswer> ActAsync(string operationId, ScenarioEvent action)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        ArgumentNullException.ThrowIfNull(action);
        return OperateAsync(operationId, action, null);
    }

    public Task<DeskAnswer> AdvanceToAsync(string operationId, Instant at)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        return OperateAsync(operationId, null, at);
    }

    public Task<Instant> GetNowAsync() => Task.FromResult(OpenDesk().Now);

    public Task<string> GetStateAsync() => Task.FromResult(StateWriter.Write(StateFile.Of(OpenDesk(), policyName)));

    public async Task<int> DeliverNoticesAsync()
    {
        OpenDesk();
        await DeliverAsync();
        return pending.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName || desk is null || !options.AdvanceByClock)
        {
            return;
        }

        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        if (now > desk.Now)
        {
            await OperateAsync($"reminder/{StateWriter.At(now)}", null, now);
        }
        else
        {
            await DeliverAsync();
        }
    }

    private CirculationDesk OpenDesk() => desk ?? throw new InvalidOperationException($"Desk {Key} is not open: call OpenAsync with its state first.");

    private async Task<DeskAnswer> OperateAsync(string operationId, ScenarioEvent? action, Instant? advanceTo)
    {
        var current = OpenDesk();
        if (answered.TryGetValue(operationId, out var earlier))
        {
            return earlier.IsSameOperation(action, advanceTo) ? earlier.Answer
                : throw new InvalidOperationException($"Operation id {operationId} of desk {Key} was already used for another operation.");
        }

        var (next, answer) = Decide(current, operationId, action, advanceTo);
        var entry = new JournalEntry(lastSequence + 1, action, advanceTo, answer);
        var nextPending = WithNotices(pending, current, next);
        await JournalAsync(entry);

        // Only once the journal holds the operation does the desk move on: a failed write leaves it as it was.
        desk = next;
        pending = nextPending;
        lastSequence = entry.Sequence;
        answered[operationId] = entry;
        if (lastSequence - snapshot.State.Sequence >= options.OperationsPerSnapshot)
        {
            await TakeSnapshotAsync();
        }

        await DeliverAsync();
        return answer;
    }

    /// <summary>What an operation does to a desk: the core's decision and what it changed.</summary>
    private (CirculationDesk Next, DeskAnswer Answer) Decide(CirculationDesk current, string operationId, ScenarioEvent? action, Instant? advanceTo)
    {
        CirculationDesk next;
        ImmutableArray<Refusal> refusals = [];
        ImmutableArray<string>? found = null;
        if (action is not null)
        {
            var (decision, patrons) = ScenarioReplayer.Step(current, action, staff);
            next = decision.Result;
            refusals = decision.IsAllowed ? [] : [.. decision.Reasons];
            found = patrons is null ? null : [.. patrons];
        }
        else
        {
            next = advanceTo!.Value > current.Now ? current.AdvanceTo(advanceTo.Value) : current;
        }

        ImmutableArray<string> changes = !ReferenceEquals(next, current) && next.LastStep is { } step
            ? [.. step.Changes.Select(c => ChangeLines.Line(null, c))]
            : [];
        return (next, new DeskAnswer(operationId, refusals.IsEmpty, refusals, next.Now, changes, found));
    }

    /// <summary>The pending notices after a step: the notices it decided join them; pending notices it changed (a
    /// fine/fee renumbered at their instant, their place fixed) are replaced by their new state.</summary>
    private ImmutableList<DeskNotice> WithNotices(ImmutableList<DeskNotice> notices, CirculationDesk before, CirculationDesk after)
    {
        if (ReferenceEquals(before, after) || after.LastStep is not { } step)
        {
            return notices;
        }

        foreach (var change in step.Changes)
        {
            if (change is not NoticeChanged noticeChange)
            {
                continue;
            }

            var notice = ToNotice(noticeChange.Notice.Sequence, noticeChange.Notice.Type, noticeChange.Notice.PatronId, noticeChange.Notice.At,
                noticeChange.Notice.LoanId, noticeChange.Notice.RequestId, noticeChange.Notice.TransactionId, after.Ids);
            if (noticeChange.What.HasFlag(NoticeChanges.Decided))
            {
                notices = notices.Add(notice);
            }
            else if (notices.FindIndex(n => n.NoticeId == notice.NoticeId) is var waiting and >= 0)
            {
                notices = notices.SetItem(waiting, notice);
            }
        }

        return notices;
    }

    /// <summary>A notice as the outbox hands it over. Its id is the desk's key and its sequence, with the patron
    /// between them under scoped ids, where sequences count within each account.</summary>
    private DeskNotice ToNotice(long sequence, NoticeType type, string patronId, Instant at, string? loanId, string? requestId, string? transactionId, IdNumbering ids)
    {
        var number = sequence.ToString(CultureInfo.InvariantCulture);
        var id = ids == IdNumbering.Scoped ? $"{Key}/{patronId}/{number}" : $"{Key}/{number}";
        return new(id, Key, sequence, type.ToSpelling(), patronId, at, loanId, requestId, transactionId);
    }

    /// <summary>Hands the sender, in order, the pending notices whose instant the desk has moved past (until then a
    /// fine/fee arising at the same instant may still renumber the one a notice names), and records how far it got.
    /// Never throws: the operation that decided the notices is already stored, so a sender or a storage failure here
    /// only leaves notices for the next attempt (an action, a reminder tick, <see cref="DeliverNoticesAsync"/>).</summary>
    private async Task DeliverAsync()
    {
        var now = OpenDesk().Now;
        var count = 0;
        try
        {
            while (count < pending.Count && pending[count].At < now)
            {
                await sender.SendAsync(pending[count], CancellationToken.None);
                count++;
            }
        }
        catch (Exception e)
        {
            SenderRefused(logger, e, Key, pending[count].NoticeId, pending.Count - count - 1);
        }

        if (count == 0)
        {
            return;
        }

        var accepted = sent.State.Accepting(pending.Take(count));
        pending = pending.RemoveRange(0, count);
        try
        {
            await sent.WriteOrDeactivateAsync(accepted, this);
        }
        catch (Exception e)
        {
            // The grain deactivates (WriteAsync); its next activation hands these notices over again, with their ids.
            RecordingSentFailed(logger, e, Key, count);
        }
    }

    /// <summary>Stores an operation in its journal page; a write rewrites that page only.</summary>
    private async Task JournalAsync(JournalEntry entry)
    {
        var index = (entry.Sequence - 1) / options.OperationsPerJournalPage;
        List<JournalEntry> entries = index == pageIndex ? [.. pageEntries, entry] : [entry];
        var written = new GrainState<JournalPage>(new JournalPage { Entries = serializer.SerializeToArray(entries) });
        if (index == pageIndex)
        {
            written.ETag = page.ETag;
            written.RecordExists = page.RecordExists;
        }

        try
        {
            await storage.WriteStateAsync(PageName(index), this.GetGrainId(), written);
        }
        catch
        {
            // The page may or may not hold the entry now: the next activation reads what it holds.
            DeactivateOnIdle();
            throw;
        }

        page = written;
        pageEntries = entries;
        pageIndex = index;
    }

    /// <summary>Writes the desk's state file as its snapshot, then drops the pages no activation reads any more. The
    /// operation that triggered it is already stored, so a failure is logged, not thrown: the journal still holds
    /// everything, and the grain deactivates to read storage afresh.</summary>
    private async Task TakeSnapshotAsync()
    {
        var firstKept = snapshot.State.FirstKeptPage;
        var keep = Math.Max(0, ((lastSequence - 1) / options.OperationsPerJournalPage) - 1);
        try
        {
            await snapshot.WriteOrDeactivateAsync(new DeskSnapshotState
            {
                StateJson = StateWriter.Write(StateFile.Of(OpenDesk(), policyName), indented: false),
                Sequence = lastSequence,
                OpenedWith = snapshot.State.OpenedWith,
                FirstKeptPage = keep,
            }, this);
        }
        catch (Exception e)
        {
            SnapshotFailed(logger, e, Key, lastSequence);
            return;
        }

        foreach (var (id, entry) in answered.Where(a => (a.Value.Sequence - 1) / options.OperationsPerJournalPage < keep).ToList())
        {
            answered.Remove(id);
        }

        for (var dropped = firstKept; dropped < keep; dropped++)
        {
            try
            {
                var old = new GrainState<JournalPage>(new JournalPage());
                await storage.ReadStateAsync(PageName(dropped), this.GetGrainId(), old);
                if (old.RecordExists)
                {
                    await storage.ClearStateAsync(PageName(dropped), this.GetGrainId(), old);
                }
            }
            catch (Exception e)
            {
                // A page left behind is never read again (it is before the snapshot's first kept page).
                PageNotDropped(logger, e, Key, dropped);
            }
        }
    }

    /// <summary>Rebuilds the desk from its snapshot, replays the journal after it, and finds the notices still to
    /// send.</summary>
    private async Task RestoreAsync(string stateJson, StateFile? opened = null)
    {
        if (opened is null)
        {
            var read = StateReader.Read(stateJson);
            opened = read.IsValid ? read.State!
                : throw new InvalidOperationException($"The stored snapshot of desk {Key} has problems: {string.Join("; ", read.Problems)}");
        }

        policyName = opened.PolicyName;
        var restored = opened.Restore().TrackingChanges();
        staff = restored.Staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
        answered.Clear();
        lastSequence = snapshot.State.Sequence;
        page = new GrainState<JournalPage>(new JournalPage());
        pageEntries = [];
        pageIndex = -1;
        for (var index = snapshot.State.FirstKeptPage; ; index++)
        {
            var stored = new GrainState<JournalPage>(new JournalPage());
            await storage.ReadStateAsync(PageName(index), this.GetGrainId(), stored);
            if (!stored.RecordExists)
            {
                break;
            }

            var entries = serializer.Deserialize<List<JournalEntry>>(stored.State?.Entries ?? []) ?? [];
            foreach (var entry in entries)
            {
                answered[entry.Answer.OperationId] = entry;
                if (entry.Sequence <= lastSequence)
                {
                    continue;
                }

                var (next, answer) = Decide(restored, entry.Answer.OperationId, entry.Action, entry.AdvanceTo);
                if (!answer.Equals(entry.Answer))
                {
                    throw new InvalidOperationException(
                        $"Desk {Key}: replaying journal entry {entry.Sequence} (operation {entry.Answer.OperationId}) answered otherwise than when it was made; was the policy or the engine changed?");
                }

                restored = next;
                lastSequence = entry.Sequence;
            }

            page = stored;
            pageEntries = entries;
            pageIndex = index;
        }

        desk = restored;
        var accepted = sent.State.Accepted();
        pending = [.. restored.Notices
            .Select(n => ToNotice(n.Sequence, n.Type, n.PatronId, n.At, n.LoanId, n.RequestId, n.TransactionId, restored.Ids))
            .Where(n => !accepted(n))];
    }

    private static string PageName(long index) => "journal-" + index.ToString(CultureInfo.InvariantCulture);

    private async Task RegisterReminderAsync()
    {
        if (options.AdvanceByClock)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desk {Desk}: the notice sender refused notice {Notice}; it and {Waiting} after it stay in the outbox.")]
    private static partial void SenderRefused(ILogger logger, Exception exception, string desk, string notice, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desk {Desk}: recording {Sent} notices as sent failed; they will be handed over again.")]
    private static partial void RecordingSentFailed(ILogger logger, Exception exception, string desk, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desk {Desk}: writing the snapshot at operation {Sequence} failed; the journal still holds every operation.")]
    private static partial void SnapshotFailed(ILogger logger, Exception exception, string desk, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Desk {Desk}: journal page {Page}, before the snapshot, could not be dropped; it is never read again.")]
    private static partial void PageNotDropped(ILogger logger, Exception exception, string desk, long page);
}
