using Harvard.Circulation.Time;

namespace Harvard.Circulation.Desk;

/// <summary>Brings a snapshot forward by a step's changes: what a host does to its store.</summary>
internal static class SnapshotChanges
{
    public static DeskSnapshot Apply(DeskSnapshot snapshot, DeskStep step)
    {
        if (step.From != snapshot.AsOf)
        {
            throw new ArgumentException($"The step starts at {IsoInstant.Format(step.From)}; the snapshot is at {IsoInstant.Format(snapshot.AsOf)}.", nameof(step));
        }

        var scoped = snapshot.Numbering.Ids == IdNumbering.Scoped;
        // Loans, requests and sessions by id; listed after in the desk's order: by number under dense ids, by the
        // instant and place of the action that made each under scoped ids.
        var loans = snapshot.Loans.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var loansByItem = snapshot.Numbering.LoansByItem.ToDictionary(e => e.ItemBarcode, e => e.Count, StringComparer.Ordinal);

        // Dense ids: records by number. Scoped ids: records in the order they arose, a renumbered one keeping its place.
        var records = scoped ? [] : snapshot.FinesFees.ToDictionary(r => DeskSnapshots.NumberOf(r.TransactionId));
        var arisen = scoped ? snapshot.FinesFees.ToList() : [];
        var placeById = arisen.Select((r, i) => (r.TransactionId, i)).ToDictionary(e => e.TransactionId, e => e.i, StringComparer.Ordinal);
        var requests = snapshot.Requests.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var sessions = snapshot.Sessions.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var notices = snapshot.Notices.ToDictionary(n => DeskIds.NoticeKey(snapshot.Numbering.Ids, n.PatronId, n.Sequence));
        var claims = snapshot.Claims.ToDictionary(c => c.PatronId, StringComparer.Ordinal);
        var numbering = snapshot.Numbering;
        var sameInstant = snapshot.SameInstant;

        // Records renumbered at one instant swap ids among themselves: all the old ids go before any new one comes.
        foreach (var instant in step.Changes.GroupBy(c => c.At))
        {
            var formerPlaces = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var renumbered in instant.OfType<FineFeeChanged>().Where(c => c.FormerTransactionId is not null))
            {
                if (scoped)
                {
                    formerPlaces[renumbered.FormerTransactionId!] = placeById[renumbered.FormerTransactionId!];
                    placeById.Remove(renumbered.FormerTransactionId!);
                }
                else
                {
                    records.Remove(DeskSnapshots.NumberOf(renumbered.FormerTransactionId!));
                }
            }

            foreach (var change in instant)
            {
                switch (change)
                {
                    case LoanChanged { Loan: var loan }:
                        loans[loan.Id] = loan;
                        numbering = scoped ? numbering : numbering with { Loans = Math.Max(numbering.Loans, DeskIds.NumberOf(loan.Id)) };
                        if (scoped && DeskIds.TryReadScoped(loan.Id, 'L', out var barcode, out var ordinal))
                        {
                            loansByItem[barcode] = Math.Max(loansByItem.GetValueOrDefault(barcode), ordinal);
                        }

                        break;
                    case FineFeeChanged { Record: var record } when scoped:
                        if (record.TransactionId is var id && placeById.TryGetValue(id, out var place)
                            || change is FineFeeChanged { FormerTransactionId: { } former } && formerPlaces.TryGetValue(former, out place))
                        {
                            arisen[place] = record;
                        }
                        else
                        {
                            place = arisen.Count;
                            arisen.Add(record);
                        }

                        placeById[record.TransactionId] = place;
                        break;
                    case FineFeeChanged { Record: var record }:
                        var recordNumber = DeskSnapshots.NumberOf(record.TransactionId);
                        records[recordNumber] = record;
                        numbering = numbering with { FinesFees = Math.Max(numbering.FinesFees, recordNumber) };
                        break;
                    case RequestChanged { Request: var request }:
                        requests[request.Id] = request;
                        numbering = scoped ? numbering : numbering with { Requests = Math.Max(numbering.Requests, request.Number ?? 0) };
                        break;
                    case SessionChanged { Session: var session }:
                        sessions[session.Id] = session;
                        numbering = scoped ? numbering : numbering with { Sessions = Math.Max(numbering.Sessions, session.Number ?? 0) };
                        break;
                    case NoticeChanged { Notice: var notice }:
                        notices[DeskIds.NoticeKey(snapshot.Numbering.Ids, notice.PatronId, notice.Sequence)] = notice;
                        numbering = scoped ? numbering : numbering with { Notices = Math.Max(numbering.Notices, notice.Sequence + 1) };
                        break;
                    case ClaimsCounted { Claims: var counted }:
                        claims[counted.PatronId] = counted;
                        break;
                    case SameInstantOrderChanged { Order: var order }:
                        sameInstant = order;
                        break;
                    default:
                        throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(step));
                }
            }
        }

        var patronOrder = snapshot.Patrons.Select((p, i) => (p.PrimaryId, i)).ToDictionary(e => e.PrimaryId, e => e.i, StringComparer.Ordinal);
        return snapshot with
        {
            AsOf = step.To,
            Loans = (scoped ? loans.Values.OrderBy(l => (l.LoanedAt, l.Place)) : loans.Values.OrderBy(l => DeskIds.NumberOf(l.Id))).ToEquatableArray(),
            FinesFees = scoped ? arisen.ToEquatableArray() : records.OrderBy(e => e.Key).Select(e => e.Value).ToEquatableArray(),
            Requests = (scoped ? requests.Values.OrderBy(r => (r.PlacedAt, r.Place)) : requests.Values.OrderBy(r => r.Number)).ToEquatableArray(),
            Sessions = (scoped ? sessions.Values.OrderBy(s => (s.OpenedAt, s.Place)) : sessions.Values.OrderBy(s => s.Number)).ToEquatableArray(),
            Notices = notices.OrderBy(e => patronOrder.GetValueOrDefault(e.Key.Patron, -1)).ThenBy(e => e.Key.Sequence).Select(e => e.Value).ToEquatableArray(),
            Claims = claims.Values.OrderBy(c => patronOrder.GetValueOrDefault(c.PatronId, int.MaxValue)).ToEquatableArray(),
            Numbering = scoped
                ? numbering with
                {
                    LoansByItem = snapshot.Items.Where(i => loansByItem.ContainsKey(i.Barcode)).Select(i => new ItemLoans(i.Barcode, loansByItem[i.Barcode])).ToEquatableArray(),
                }
                : numbering,
            SameInstant = sameInstant,
        };
    }
}
