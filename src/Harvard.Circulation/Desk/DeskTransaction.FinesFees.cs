using Harvard.Circulation.Fines;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Desk;

/// <content>Fines and fees: payments, waivers, disputes, refunds, transfers, manual charges and the bursar.</content>
internal sealed partial class DeskTransaction
{
    /// <summary>A payment by a patron, of one record or (without a transaction id) oldest first; null when done.</summary>
    public IReadOnlyList<Refusal>? Pay(string patronId, Money amount, string? transactionId)
    {
        var owner = ActingOnPatron(RequirePatron(patronId));
        CloseBatch(owner);
        var patron = Account(owner).Patron.PrimaryId;
        if (transactionId is not null && OwnerOfRecord(transactionId) is var recordOwner && recordOwner >= 0 && recordOwner != owner)
        {
            return [new Refusal(RefusalCodes.TransactionNotAllowed, $"Fine/fee {transactionId} is not on patron {patron}'s account.")];
        }

        return OnLedger(owner, ledger => ledger.Pay(patron, amount.RoundToCent(), transactionId, Now));
    }

    /// <summary>Waives part or all of a record's balance; null when done.</summary>
    public IReadOnlyList<Refusal>? Waive(string transactionId, Money? amount, string? reason) =>
        OnRecord(transactionId, ledger => ledger.Waive(transactionId, amount?.RoundToCent(), Now, reason));

    /// <summary>Puts a record in dispute; null when done.</summary>
    public IReadOnlyList<Refusal>? Dispute(string transactionId) => OnRecord(transactionId, ledger => ledger.Dispute(transactionId, Now));

    /// <summary>Ends a dispute; null when done.</summary>
    public IReadOnlyList<Refusal>? Restore(string transactionId) => OnRecord(transactionId, ledger => ledger.Restore(transactionId, Now));

    /// <summary>Refunds part of what was paid on a record; null when done.</summary>
    public IReadOnlyList<Refusal>? Refund(string transactionId, Money amount) =>
        OnRecord(transactionId, ledger => ledger.Refund(transactionId, amount.RoundToCent(), Now));

    /// <summary>Transfers a record elsewhere; null when done.</summary>
    public IReadOnlyList<Refusal>? Transfer(string transactionId, string? reason) =>
        OnRecord(transactionId, ledger => ledger.Transfer(transactionId, Now, reason));

    /// <summary>A manual charge on a patron's account, always with a <c>fineFee</c> notice.</summary>
    public void Charge(string patronId, FineFeeType type, Money amount, string? title)
    {
        var owner = ActingOnPatron(RequirePatron(patronId));
        var record = AddRecord(owner, type, amount.RoundToCent(), Now, null, title, accruing: false);
        AddNotice(owner, NoticeType.FineFee, Now, transactionId: record.TransactionId);
    }

    /// <summary>Exports to the bursar what is eligible now, for one patron or every patron; null when done.</summary>
    /// <remarks>For every patron it reads every account: the bursar run is a batch, not a desk action.</remarks>
    public IReadOnlyList<Refusal>? ExportToBursar(string? patronId)
    {
        if (patronId is null && Catalogue.Scope is not null)
        {
            throw OutOfScope("Every patron (an export without a patron)");
        }

        var owners = patronId is null ? Enumerable.Range(0, start.Accounts.Count) : [ActingOnPatron(RequirePatron(patronId))];
        CloseBatch(patronId is null ? null : owners.Single());
        // Every export is decided before any is applied, so a refusal leaves every account as it was.
        var exports = new List<(PatronAccount Account, Ledger Ledger)>();
        foreach (var owner in owners)
        {
            var account = Account(owner);
            var group = Policy.GetUserGroup(account.Patron.GroupCode);
            if (group.Bursar is null)
            {
                continue;
            }

            var eligible = account.Ledger.BursarEligible(account.Patron.PrimaryId, group, Now, Zone);
            if (eligible.Count == 0)
            {
                continue;
            }

            var exported = account.Ledger.ExportToBursar(eligible.Select(r => r.TransactionId), Now);
            if (!exported.IsAllowed)
            {
                return exported.Reasons;
            }

            exports.Add((account, exported.Value));
        }

        foreach (var (account, ledger) in exports)
        {
            Put(account.WithLedger(ledger));
        }

        return null;
    }

    private Refusal[]? OnRecord(string transactionId, Func<Ledger, Decision<Ledger>> transaction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        var owner = OwnerOfRecord(transactionId);
        CloseBatch(owner);

        if (owner == DeskState.Absent)
        {
            throw OutOfScope($"Fine/fee {transactionId}");
        }

        return owner < 0 ? [Ledger.NoSuchRecord(transactionId)] : OnLedger(ActingOnPatron(owner), transaction);
    }

    private Refusal[]? OnLedger(int owner, Func<Ledger, Decision<Ledger>> transaction)
    {
        var account = Account(owner);
        var decision = transaction(account.Ledger);
        if (!decision.IsAllowed)
        {
            return [.. decision.Reasons];
        }

        Put(account.WithLedger(decision.Value));
        return null;
    }
}
