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

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Current is not null)
        {
            await RegisterReminderAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>With <see cref="CirculationDeskOptions.AdvanceByClock"/>, moves the owner (and those tied to it) on to
    /// the host's clock through an operation grain, or hands over notices when already there. The operation is not
    /// awaited: it holds this very owner, which answers only once this tick is done.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName || !options.AdvanceByClock || state.State.Current is not { } current)
        {
            return Task.CompletedTask;
        }

        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        if (now <= OwnerRecordsText.Read(current.RecordsJson).AsOf)
        {
            return DeliverAsync();
        }

        GrainFactory.GetGrain<IOwnerOperationGrain>($"{Key}/reminder/{Formats.State.StateWriter.At(now)}").AdvanceAsync(now, [Key]).Ignore();
        return Task.CompletedTask;
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
        await RegisterReminderAsync();
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
            return;
        }

        if (state.State.HeldBy != operationId)
        {
            throw new InvalidOperationException($"Owner {Key} is held by {state.State.HeldBy ?? "no operation"}, not by {operationId}: only the operation holding an owner installs it.");
        }

        await state.WriteOrDeactivateAsync(new OwnerGrainState { Current = next, LastInstalled = operationId }, this);
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

    private async Task RegisterReminderAsync()
    {
        if (options.AdvanceByClock)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        }
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
