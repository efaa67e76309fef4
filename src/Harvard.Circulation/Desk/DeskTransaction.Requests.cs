using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Time;

namespace Harvard.Circulation.Desk;

/// <content>Requests: the queue of an item, recalls and the hold shelf.</content>
internal sealed partial class DeskTransaction
{
    /// <summary>Places a request; null when done. On an item out it queues and recalls an on-loan loan whose terms
    /// have <c>recall</c>; on an item on the shelf with no queue it goes to the hold shelf.</summary>
    /// <exception cref="ArgumentException">The id exists already, or the patron or item is unknown.</exception>
    public IReadOnlyList<Refusal>? PlaceRequest(string requestId, string patronId, string barcode)
    {
        if (requestNumbers.ContainsKey(requestId))
        {
            throw new ArgumentException($"Request id {requestId} exists already.", nameof(requestId));
        }

        var patron = Account(ActingOnPatron(RequirePatron(patronId))).Patron;
        var item = Item(ActingOnItem(RequireItem(barcode)));
        var loan = OpenLoanOf(item);
        if (loan is not null && loan.PatronId == patron.PrimaryId)
        {
            return [new Refusal(RefusalCodes.RequestNotAllowed, $"Patron {patron.PrimaryId} has item {item.Item.Barcode} on loan ({loan.Id}); it cannot be requested.")];
        }

        if (item.OpenRequestOf(patron.PrimaryId) is { } duplicate)
        {
            return [new Refusal(RefusalCodes.RequestNotAllowed, $"Patron {patron.PrimaryId} already has request {duplicate.Id} on item {item.Item.Barcode}.")];
        }

        // The requester's terms are those a check-out would get; none that lend means no request (domain.md §4).
        var match = Policy.Resolver.Resolve(patron.GroupCode, item.Item.ItemPolicy, item.Item.Library, item.Item.Location);
        if (!match.IsMatch || match.Terms!.Loan is null)
        {
            return [new Refusal(match.IsMatch ? RefusalCodes.NotLoanable : RefusalCodes.NoRuleMatched,
                $"Item {item.Item.Barcode} may not be loaned to user group {patron.GroupCode}, so it cannot be requested.")];
        }

        var number = requestItems.Count + 1;
        requestItems = requestItems.Add(item.Index);
        requestNumbers = requestNumbers.SetItem(requestId, number);
        PutRequest(item, new Request(requestId, patron.PrimaryId, item.Item.Barcode, Now, match.Terms.Request.PickupWithin)
        {
            Number = number,
            Place = Catalogue.Ids == IdNumbering.Scoped ? ActionPlace : null,
        });
        if (loan is null)
        {
            ItemBack(item.Index);
        }
        else if (Recalls.RecalledDue(loan, TermsOf(loan), Now, Zone) is { } recalledDue)
        {
            PutLoan(item.BorrowerIndex, loan.RecalledTo(Now, recalledDue));
        }

        return null;
    }

    /// <summary>Cancels a waiting or on-hold-shelf request; null when done.</summary>
    public IReadOnlyList<Refusal>? CancelRequest(string requestId, bool notifyUser)
    {
        if (FindRequest(requestId) is not { } request)
        {
            if (Catalogue.Scope is not null)
            {
                throw OutOfScope($"Request {requestId}");
            }

            // The event that would have placed it may have been refused.
            return [new Refusal(RefusalCodes.RequestNotAllowed, $"Request {requestId} was never placed; there is nothing to cancel.")];
        }

        if (!request.IsOpen)
        {
            return [new Refusal(RefusalCodes.RequestNotAllowed,
                $"Request {request.Id} is {request.Status.ToSpelling()}; only a waiting or on-hold-shelf request can be cancelled.")];
        }

        var item = Item(ActingOnItem(requestItems[request.Number - 1]));
        PutRequest(item, request.Closed(RequestStatus.Cancelled, Now));
        if (notifyUser)
        {
            AddNotice(Catalogue.IndexOfPatron(request.PatronId), NoticeType.RequestCancelled, Now, request: request);
        }

        if (request.Status == RequestStatus.OnHoldShelf)
        {
            ItemBack(item.Index);
        }

        return null;
    }

    /// <summary>The item is on the shelf: unless it is out or a request holds it, the first waiting request goes
    /// to the hold shelf now, with a <c>requestAvailable</c> notice.</summary>
    private void ItemBack(int itemIndex)
    {
        var item = Item(itemIndex);
        if (item.IsOut || item.OnHoldShelf is not null || item.FirstWaiting is not { } next)
        {
            return;
        }

        PutRequest(item, next.ToHoldShelf(Now, PolicyTime.Add(Now, next.PickupWithin, Zone)));
        AddNotice(Catalogue.IndexOfPatron(next.PatronId), NoticeType.RequestAvailable, Now, request: next);
    }
}
