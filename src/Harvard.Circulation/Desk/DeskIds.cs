using System.Globalization;

namespace Harvard.Circulation.Desk;

/// <summary>The one place loan and fine/fee ids are formed and read, under either <see cref="IdNumbering"/>.</summary>
internal static class DeskIds
{
    /// <summary>Between the owner and the number of a scoped id.</summary>
    public const char OwnerSeparator = ':';

    /// <summary>The id of an item's open loan, also where a partial desk does not hold the loan: under scoped ids,
    /// the item's latest loan.</summary>
    public static string OpenLoanOf(IdNumbering ids, Items.ItemRecord item) =>
        ids == IdNumbering.Scoped ? ScopedLoan(item.Item.Barcode, item.LoansMade) : DenseLoan(item.OpenLoanNumber);

    /// <summary>What names a notice in a snapshot: its sequence alone under dense ids (desk-wide), its patron and
    /// sequence under scoped ids (counted within the account).</summary>
    public static (string Patron, long Sequence) NoticeKey(IdNumbering ids, string? patronId, long sequence) =>
        (ids == IdNumbering.Scoped ? patronId ?? string.Empty : string.Empty, sequence);

    /// <summary>A dense loan id, <c>Ln</c>.</summary>
    public static string DenseLoan(int number) => "L" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A dense fine/fee id, <c>Fn</c>.</summary>
    public static string DenseFineFee(int number) => "F" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A scoped loan id: the item's barcode, <c>:L</c>, and the loan's place among the item's loans.</summary>
    public static string ScopedLoan(string barcode, int ordinal) => barcode + ":L" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>A scoped fine/fee id: the patron's primary id, <c>:F</c>, and the record's place in the account.</summary>
    public static string ScopedFineFee(string patronId, int ordinal) => patronId + ":F" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number of a dense id <c>Xn</c> (<c>L12</c>, <c>F3</c>), written without leading zeros; 0 for any
    /// other id.</summary>
    public static int NumberOf(string id) =>
        id.Length > 1 && char.IsAsciiLetterUpper(id[0]) && Canonical(id.AsSpan(1)) is var n and > 0 ? n : 0;

    /// <summary>The owner and number of a scoped id with the given letter (<c>10000001:F3</c>: <c>10000001</c> and
    /// 3); false for any other id.</summary>
    public static bool TryReadScoped(string id, char letter, out string owner, out int ordinal)
    {
        var separator = id.LastIndexOf(OwnerSeparator);
        owner = string.Empty;
        ordinal = 0;
        if (separator < 1 || separator + 2 >= id.Length || id[separator + 1] != letter || Canonical(id.AsSpan(separator + 2)) is not (var n and > 0))
        {
            return false;
        }

        owner = id[..separator];
        ordinal = n;
        return true;
    }

    /// <summary>The place of a fine/fee among its numbering's records: its number, dense or scoped; 0 for any
    /// other id. Orders the records of one account under either numbering.</summary>
    public static int OrdinalOfFineFee(string transactionId) =>
        NumberOf(transactionId) is var dense and > 0 ? dense : TryReadScoped(transactionId, 'F', out _, out var scoped) ? scoped : 0;

    /// <summary>A positive number written in digits without leading zeros; 0 otherwise.</summary>
    private static int Canonical(ReadOnlySpan<char> digits) =>
        digits.Length > 0 && digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
