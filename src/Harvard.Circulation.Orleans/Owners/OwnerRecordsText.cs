using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Orleans.Owners;

/// <summary>An owner's records as stored: the state file format (docs/state.md), written compact.</summary>
internal static class OwnerRecordsText
{
    /// <summary>The owner's records and ties as stored.</summary>
    public static OwnerState Write(OwnerRecords owner, Policy policy, string? policyName) => new(
        StateWriter.Write(new StateFile(policy, policyName, owner.Records), indented: false),
        [.. owner.Ties.PatronIds],
        [.. owner.Ties.ItemBarcodes]);

    /// <summary>The owner's records and ties back.</summary>
    public static OwnerRecords Read(OwnerState stored) => new()
    {
        Records = Read(stored.RecordsJson),
        Ties = new DeskScope(stored.TiedPatrons.ToEquatableArray(), stored.TiedItems.ToEquatableArray()),
    };

    /// <summary>The records a stored text holds.</summary>
    /// <exception cref="InvalidOperationException">The text is not a state file (storage was changed under the grain).</exception>
    public static DeskSnapshot Read(string recordsJson)
    {
        var read = StateReader.ReadOwnerRecords(recordsJson);
        return read.IsValid ? read.State!.Snapshot
            : throw new InvalidOperationException($"Stored owner records have problems: {string.Join("; ", read.Problems.Take(3))}");
    }
}
