using System.Collections.Immutable;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Requests;

namespace Harvard.Circulation.Items;

/// <summary>
/// One item's circulation record: its open loan (at most one), its request queue and hold shelf, and its
/// anonymized past loans (item and instants only, for statistics).
/// </summary>
/// <remarks>
/// <para>An immutable value. The record knows which account holds the item, so an action on the item reaches the
/// borrower's account, and the requesters' accounts through the queue; it names no patron of a past loan.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class ItemRecord
{
    private ItemRecord(Item item, int index, int openLoanNumber, int borrowerIndex, ImmutableList<Request> requests, ImmutableList<Loan> anonymizedLoans, int loansMade)
    {
        Item = item;
        LoansMade = loansMade;
        Index = index;
        OpenLoanNumber = openLoanNumber;
        BorrowerIndex = borrowerIndex;
        RequestList = requests;
        AnonymizedLoanList = anonymizedLoans;
    }

    /// <summary>The item.</summary>
    public Item Item { get; }

    /// <summary>Whether the item is out: on loan, claimed returned or lost (an open loan).</summary>
    public bool IsOut => OpenLoanNumber != 0;

    /// <summary>Every request placed on the item, in the order placed (open and closed).</summary>
    public IReadOnlyList<Request> Requests => RequestList;

    /// <summary>The item's anonymized loans, in loan order.</summary>
    public IReadOnlyList<Loan> AnonymizedLoans => AnonymizedLoanList;

    /// <summary>The request on the hold shelf for this item, if any.</summary>
    public Request? OnHoldShelf
    {
        get
        {
            foreach (var request in RequestList)
            {
                if (request.Status == RequestStatus.OnHoldShelf)
                {
                    return request;
                }
            }

            return null;
        }
    }

    /// <summary>The first request still waiting, if any.</summary>
    public Request? FirstWaiting
    {
        get
        {
            foreach (var request in RequestList)
            {
                if (request.Status == RequestStatus.Waiting)
                {
                    return request;
                }
            }

            return null;
        }
    }

    /// <summary>The item's position in the desk.</summary>
    internal int Index { get; }

    /// <summary>The number of the open loan; 0 when the item is on the shelf.</summary>
    internal int OpenLoanNumber { get; }

    /// <summary>The account holding the open loan; −1 when none.</summary>
    internal int BorrowerIndex { get; }

    internal ImmutableList<Request> RequestList { get; }

    internal ImmutableList<Loan> AnonymizedLoanList { get; }

    /// <summary>How many loans the item has had, under scoped ids (its next loan is <c>barcode:L</c> and one more);
    /// 0 under dense ids, which number loans across the desk.</summary>
    internal int LoansMade { get; }

    /// <summary>The first open request (waiting or on the hold shelf) by a patron other than one, if any.</summary>
    /// <param name="patronId">The patron to leave out.</param>
    /// <returns>The request, or null.</returns>
    public Request? OpenRequestByAnotherPatron(string patronId)
    {
        foreach (var request in RequestList)
        {
            if (request.IsOpen && request.PatronId != patronId)
            {
                return request;
            }
        }

        return null;
    }

    /// <summary>The open request of a patron, if any.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The request, or null.</returns>
    public Request? OpenRequestOf(string patronId)
    {
        foreach (var request in RequestList)
        {
            if (request.IsOpen && request.PatronId == patronId)
            {
                return request;
            }
        }

        return null;
    }

    /// <summary>The <see cref="BorrowerIndex"/> of an item out to a patron a partial desk does not hold.</summary>
    internal const int BorrowerElsewhere = -2;

    internal static ItemRecord OnShelf(Item item, int index) => new(item, index, 0, -1, [], [], 0);

    /// <summary>A record as a snapshot gives it.</summary>
    internal static ItemRecord Restored(Item item, int index, int openLoanNumber, int borrowerIndex, ImmutableList<Request> requests, ImmutableList<Loan> anonymizedLoans, int loansMade) =>
        new(item, index, openLoanNumber, borrowerIndex, requests, anonymizedLoans, loansMade);

    /// <summary>The record with a new open loan; <paramref name="loansMade"/> is <see cref="LoansMade"/> after it.</summary>
    internal ItemRecord Lent(int loanNumber, int borrowerIndex, int loansMade) => new(Item, Index, loanNumber, borrowerIndex, RequestList, AnonymizedLoanList, loansMade);

    internal ItemRecord Back() => new(Item, Index, 0, -1, RequestList, AnonymizedLoanList, LoansMade);

    internal ItemRecord WithRequest(Request request)
    {
        for (var i = RequestList.Count - 1; i >= 0; i--)
        {
            if (RequestList[i].Id == request.Id)
            {
                return new(Item, Index, OpenLoanNumber, BorrowerIndex, RequestList.SetItem(i, request), AnonymizedLoanList, LoansMade);
            }
        }

        return new(Item, Index, OpenLoanNumber, BorrowerIndex, RequestList.Add(request), AnonymizedLoanList, LoansMade);
    }

    internal ItemRecord WithAnonymizedLoan(Loan loan) =>
        new(Item, Index, OpenLoanNumber, BorrowerIndex, RequestList, AnonymizedLoanList.Add(loan), LoansMade);
}
