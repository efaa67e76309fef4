using System.Globalization;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Notices;
using Harvard.Circulation.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Harvard.Circulation.Orleans.Owners;

/// <summary>The grain of one owner (an account or an item): stores its records, lends them to one operation at a
/// time, and — an account — keeps the outbox of its notices.</summary>
internal sealed partial class OwnerGrain : Grain, IOwnerGrain, IRemindable
{
    private readonly IPersistentState<OwnerGrainState> state;
    private readonly IPersistentState<NoticesSentState> sent;
    private readonly CirculationDeskOptions options;
    private readonly IServiceProvider services;
    private readonly INoticeSender sender;
    private readonly ILogger<OwnerGrain> logger;

    public OwnerGrain(
        [PersistentState("owner", CirculationDeskOptions.StorageName)] IPersistentState<OwnerGrainState> state,
        [PersistentState("notices", CirculationDeskOptions.StorageName)] IPersistentState<NoticesSentState> sent,
        IOptions<CirculationDeskOptions> options,
        IServiceProvider services,
        ILogger<OwnerGrain> logger)
    {
        this.state = state;
        this.sent = sent;
        this.options = options.Value;
        this.services = services;
        this.logger = logger;
        sender = services.GetService<INoticeSender>()
            ?? throw new InvalidOperationException("No INoticeSender is registered in the silo's services: the account grains hand their notices to one (docs/orleans.md).");
    }

    private const string ReminderName = "advance";

    // Orleans waits at most about 49 days before a reminder's first tick: a longer wait is taken in steps.
    private static readonly Duration LongestWait = Duration.FromDays(30);

    // The wake time this activation registered the reminder for; not known after activation or a failed registration.
    private (bool Known, Instant? WakeAt) reminder;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Current is not null)
        {
            await ScheduleReminderAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>With <see cref="CirculationDeskOptions.AdvanceByClock"/>, once the owner's
    /// <see cref="OwnerState.WakeAt"/> has come by the host's clock, moves it (and those tied to it) on to the clock
    /// through an operation grain; the install sets the next wake. Before it (a long wait taken in steps, or the
    /// reminder repeating before an install), waits again and hands over notices. The operation is not awaited: it holds
    /// this very owner, which answers only once this tick is done; the reminder repeating retries it.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName || !options.AdvanceByClock || state.State.Current is not { } current)
        {
            return;
        }

        var now = Clock.GetCurrentInstant();
        var behindTheRecords = now <= OwnerRecordsText.Read(current.RecordsJson).AsOf;
        if (current.WakeAt is not { } wake || now < wake || behindTheRecords)
        {
            reminder = default;
            await ScheduleReminderAsync(behindTheRecords ? Duration.FromTimeSpan(options.ReminderPeriod) : Duration.Zero);
            await DeliverAsync();
            return;
        }

        GrainFactory.GetGrain<IOwnerOperationGrain>($"{Key}/reminder/{Formats.State.StateWriter.At(now)}").AdvanceAsync(now, [Key]).Ignore();
    }

    public async Task PlaceAsync(OwnerState placed)
    {
        ArgumentNullException.ThrowIfNull(placed);
        if (state.State.Current is { } current)
        {
            _ = current.Equals(placed) ? 0 : throw new InvalidOperationException($"Owner {Key} already holds other records; an owner is placed once.");
            return;
        }

        var snapshot = OwnerRecordsText.Read(placed.RecordsJson);
        if (OwnerKeys.Parse(Key) is (_, "patron", var patron))
        {
            // The notices the records already hold were the previous host's to send. Written first: a failure
            // between the two writes leaves the owner unplaced, and placing again is a retry.
            await sent.WriteOrDeactivateAsync(new NoticesSentState
            {
                BeforeTicks = snapshot.AsOf.ToUnixTimeTicks(),
                AcceptedAt = [.. snapshot.Notices.Where(n => n.At == snapshot.AsOf).Select(n => NoticeId(patron, n.Sequence))],
            }, this);
        }

        await state.WriteOrDeactivateAsync(new OwnerGrainState { Current = placed }, this);
        await ScheduleReminderAsync();
    }

    public async Task<OwnerHold> HoldAsync(string operationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        var current = state.State.Current ?? throw new InvalidOperationException($"Owner {Key} was never placed: place its records first.");
        if (state.State.HeldBy is { } holder && holder != operationId)
        {
            return new OwnerHold(null, holder);
        }

        if (state.State.HeldBy is null)
        {
            // Stored before the records are lent: an operation that dies holding them is found by the next one.
            await state.WriteOrDeactivateAsync(state.State with { HeldBy = operationId }, this);
        }

        return new OwnerHold(current, null);
    }

    public async Task InstallAsync(string operationId, OwnerState next)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        ArgumentNullException.ThrowIfNull(next);
        if (state.State.LastInstalled == operationId && state.State.HeldBy is null)
        {
            // A retry: the reminder may not have been set the first time.
            await ScheduleReminderAsync();
            return;
        }

        if (state.State.HeldBy != operationId)
        {
            throw new InvalidOperationException($"Owner {Key} is held by {state.State.HeldBy ?? "no operation"}, not by {operationId}: only the operation holding an owner installs it.");
        }

        await state.WriteOrDeactivateAsync(new OwnerGrainState { Current = next, LastInstalled = operationId }, this);
        await ScheduleReminderAsync();
        await DeliverAsync();
    }

    public async Task ReleaseAsync(string operationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        if (state.State.HeldBy == operationId)
        {
            await state.WriteOrDeactivateAsync(state.State with { HeldBy = null }, this);
        }
    }

    public Task<OwnerState?> GetAsync() => Task.FromResult(state.State.Current);

    public async Task<int> DeliverNoticesAsync() => await DeliverAsync();

    /// <summary>Hands the sender, in time order, the account's notices whose instant it has moved past and that the
    /// sender has not accepted, and records how far it got. Never throws: the records are stored already, so a
    /// sender or storage failure only leaves notices for the next install or delivery.</summary>
    private async Task<int> DeliverAsync()
    {
        if (OwnerKeys.Parse(Key) is not (var desk, "patron", var patron) || state.State.Current is not { } current)
        {
            return 0;
        }

        var snapshot = OwnerRecordsText.Read(current.RecordsJson);
        var accepted = sent.State.Accepted();
        var pending = snapshot.Notices
            .Select(n => new DeskNotice(NoticeId(patron, n.Sequence), desk, n.Sequence, n.Type.ToSpelling(), patron, n.At, n.LoanId, n.RequestId, n.TransactionId))
            .Where(n => !accepted(n))
            .OrderBy(n => n.At).ThenBy(n => n.Sequence)
            .ToList();
        var count = 0;
        try
        {
            while (count < pending.Count && pending[count].At < snapshot.AsOf)
            {
                await sender.SendAsync(pending[count], CancellationToken.None);
                count++;
            }
        }
        catch (Exception e)
        {
            SenderRefused(logger, e, Key, pending[count].NoticeId);
        }

        if (count > 0)
        {
            try
            {
                await sent.WriteOrDeactivateAsync(sent.State.Accepting(pending.Take(count)), this);
            }
            catch (Exception e)
            {
                // The grain deactivates (WriteAsync); its next activation hands these notices over again, with their ids.
                RecordingSentFailed(logger, e, Key, count);
            }
        }

        return pending.Count - count;
    }

    /// <summary>A notice's id: the desk, the patron and the sequence within the account (as a scoped desk grain's).</summary>
    private string NoticeId(string patron, long sequence) => $"{OwnerKeys.Parse(Key).Desk}/{patron}/{sequence.ToString(CultureInfo.InvariantCulture)}";

    private IClock Clock => services.GetRequiredService<IClock>();

    /// <summary>With <see cref="CirculationDeskOptions.AdvanceByClock"/>, sets the reminder to the owner's
    /// <see cref="OwnerState.WakeAt"/> (no sooner than <paramref name="notBefore"/> from now, at most
    /// <see cref="LongestWait"/>), repeating every reminder period until an install sets the next; removes it when
    /// nothing is to come, so an owner with nothing scheduled costs no tick. Registered again only when the wake
    /// changes.</summary>
    private async Task ScheduleReminderAsync(Duration notBefore = default)
    {
        var wake = state.State.Current?.WakeAt;
        if (!options.AdvanceByClock || (reminder.Known && reminder.WakeAt == wake))
        {
            return;
        }

        if (wake is null)
        {
            if (await this.GetReminder(ReminderName) is { } registered)
            {
                await this.UnregisterReminder(registered);
            }
        }
        else
        {
            var wait = Duration.Max(notBefore, Duration.Min(LongestWait, Duration.Max(Duration.Zero, wake.Value - Clock.GetCurrentInstant())));
            await this.RegisterOrUpdateReminder(ReminderName, wait.ToTimeSpan(), options.ReminderPeriod);
        }

        reminder = (true, wake);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owner {Owner}: the notice sender refused notice {Notice}; it and those after it stay in the outbox.")]
    private static partial void SenderRefused(ILogger logger, Exception exception, string owner, string notice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owner {Owner}: recording {Sent} notices as sent failed; they will be handed over again.")]
    private static partial void RecordingSentFailed(ILogger logger, Exception exception, string owner, int sent);
}

/// <summary>An owner grain's storage (state <c>owner</c>).</summary>
[GenerateSerializer]
internal sealed record OwnerGrainState
{
    /// <summary>The records and ties; null before the owner is placed.</summary>
    [Id(0)] public OwnerState? Current { get; init; }

    /// <summary>The operation holding the owner; null when free.</summary>
    [Id(1)] public string? HeldBy { get; init; }

    /// <summary>The last operation that installed the owner (so installing it again is a retry).</summary>
    [Id(2)] public string? LastInstalled { get; init; }
}
