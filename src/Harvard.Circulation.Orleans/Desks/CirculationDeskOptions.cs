namespace Harvard.Circulation.Orleans.Desks;

/// <summary>How the desk grains keep their state and their time (set through
/// <see cref="Hosting.CirculationSiloBuilderExtensions.AddHarvardCirculation"/>).</summary>
public sealed class CirculationDeskOptions
{
    /// <summary>The name of the grain storage provider a host registers for the desks (each desk keeps two states
    /// there: <c>snapshot</c> and <c>journal</c>).</summary>
    public const string StorageName = "circulation";

    /// <summary>How many operations the journal holds before the desk writes its whole state as a new snapshot (at
    /// least 1; 1,000 unless set). A snapshot costs the size of the desk; activation replays at most this many
    /// operations after it.</summary>
    public int OperationsPerSnapshot { get; set; } = 1000;

    /// <summary>How many operations one journal page holds (at least 1; 8 unless set). Each operation rewrites its
    /// page, so this bounds the size of an action's write; a retry is answered for at least this many operations
    /// back (the journal since the snapshot, and the page before it).</summary>
    public int OperationsPerJournalPage { get; set; } = 8;

    /// <summary>Whether a reminder moves each open desk's time on by the host's NodaTime <c>IClock</c>: true in
    /// production; false (the default) leaves time to <see cref="ICirculationDeskGrain.AdvanceToAsync"/> and each
    /// action's instant, so a test drives the cluster to given instants and no clock is read.</summary>
    public bool AdvanceByClock { get; set; }

    /// <summary>When <see cref="AdvanceByClock"/> is on, how often a desk grain's reminder fires; how often an owner
    /// grain's reminder repeats once its wake has come, until an install sets the next; and how long after its instant
    /// an account holding notices of that instant wakes to send them. Orleans' minimum is one minute; one minute
    /// unless set.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The policy a desk kept owner by owner decides by (the account and item grains,
    /// <see cref="Owners.IOwnerOperationGrain"/>); required for them, unused by desk grains.</summary>
    public Policies.Policy? ConsortiumPolicy { get; set; }

    /// <summary>The name of <see cref="ConsortiumPolicy"/> among the embedded policies (e.g. <c>harvard-default</c>),
    /// written in each owner's stored records in place of the whole policy; null stores the policy itself with each.</summary>
    public string? ConsortiumPolicyName { get; set; }
}
