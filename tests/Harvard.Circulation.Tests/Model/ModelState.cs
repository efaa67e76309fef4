using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Model;

/// <summary>The model's plain mutable state: a loan.</summary>
internal sealed class MLoan
{
    public required int Number { get; init; }

    public string Id => "L" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public required string Patron { get; init; }

    public required Item Item { get; init; }

    public required Rule Rule { get; init; }

    public required TermsOfUse Terms { get; init; }

    public LoanTerms LoanTerms => Terms.Loan!;

    public string Status { get; set; } = "onLoan";

    public required Instant LoanedAt { get; init; }

    public Instant Due { get; set; }

    /// <summary>The instant of the check-out, renewal or recall that set <see cref="Due"/>.</summary>
    public Instant DueSetAt { get; set; }

    public Instant? ReturnedAt { get; set; }

    public Instant? ClaimedReturnedAt { get; set; }

    public Instant? LostAt { get; set; }

    public int Renewals { get; set; }

    public bool Recalled { get; set; }

    public bool Anonymized { get; set; }

    /// <summary>The due instant at which auto-renewal was last tried (tried once per due instant).</summary>
    public Instant? AutoRenewTriedAt { get; set; }

    /// <summary>The record of the overdue period running now, once it has arisen.</summary>
    public MRecord? AccruingFine { get; set; }

    /// <summary>The first-charge instant of the current overdue period, remembered with what it was computed for
    /// (due, recalled) so it is recomputed whenever either changes.</summary>
    public (Instant Due, bool Recalled, Instant? At)? FirstChargeMemo { get; set; }

    public FineRule? FineRule => Recalled ? Terms.RecalledOverdueFine : Terms.OverdueFine;

    public FineFeeType FineType => Recalled ? FineFeeType.RecalledOverdueFine : FineFeeType.OverdueFine;

    public bool IsOpen => Status != "returned";
}

/// <summary>A fine/fee.</summary>
internal sealed class MRecord
{
    /// <summary>Null until it is numbered (at the end of its instant, or before a ledger event at it).</summary>
    public string? Id { get; set; }

    /// <summary>The order it arose in (ties within one instant are numbered by loan, type, then this).</summary>
    public required int Seq { get; init; }

    public required string Patron { get; init; }

    public MLoan? Loan { get; init; }

    public string? Title { get; init; }

    public required FineFeeType Type { get; init; }

    public required Instant CreatedAt { get; init; }

    public FineFeeStatus Status { get; set; } = FineFeeStatus.Active;

    /// <summary>The original amount; for an overdue fine still accruing it is set when accrual stops.</summary>
    public decimal Original { get; set; }

    public decimal Paid { get; set; }

    public decimal Waived { get; set; }

    public decimal Refunded { get; set; }

    public bool Accruing { get; set; }

    public FineRule? Rule { get; set; }

    /// <summary>The due instant its overdue period started at.</summary>
    public Instant FineDue { get; set; }

    public Instant? StoppedAt { get; set; }

    public int TypeOrder => Type switch
    {
        FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine => 0,
        FineFeeType.LostItemReplacementFee => 1,
        FineFeeType.LostItemProcessFee => 2,
        _ => 3,
    };
}

internal sealed class MRequest
{
    public required int Number { get; init; }

    public required string Id { get; init; }

    public required string Patron { get; init; }

    public required Item Item { get; init; }

    public required Period PickupWithin { get; init; }

    public string Status { get; set; } = "waiting";

    public Instant? ExpiresAt { get; set; }

    public bool IsOpen => Status is "waiting" or "onHoldShelf";
}

internal sealed class MSession
{
    public required string Id { get; init; }

    public required string Staff { get; init; }

    public required string Patron { get; init; }

    public required string Location { get; init; }

    public Instant LastActivity { get; set; }

    public Instant? ClosedByStaffAt { get; set; }

    public List<MLoan> Loans { get; } = [];

    public List<MLoan> Returns { get; } = [];
}

internal sealed class MNotice
{
    public required int Seq { get; init; }

    public required string Patron { get; init; }

    public required string Type { get; init; }

    public required Instant At { get; init; }

    public MLoan? Loan { get; init; }

    public MRequest? Request { get; init; }

    public int TypeOrder => Array.IndexOf(NoticeTypes, Type);

    public static readonly string[] NoticeTypes = ["courtesy", "overdue", "lostItemBill", "fineFee", "requestAvailable", "requestCancelled"];
}
