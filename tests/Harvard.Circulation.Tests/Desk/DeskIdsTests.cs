using Harvard.Circulation.Desk;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>The one place ids are formed and read: every malformed id reads as none, never as a number and never
/// by throwing (state files and callers hand it anything).</summary>
public class DeskIdsTests
{
    [Theory]
    [InlineData("L1", 1)]
    [InlineData("F12", 12)]
    [InlineData("L2147483647", int.MaxValue)]
    [InlineData("", 0)]
    [InlineData("L", 0)]
    [InlineData("l1", 0)]
    [InlineData("L0", 0)]
    [InlineData("L01", 0)]
    [InlineData("L-1", 0)]
    [InlineData("L+1", 0)]
    [InlineData("L 1", 0)]
    [InlineData("L2147483648", 0)]
    [InlineData("32044000000401:L2", 0)]
    public void NumberOf_ReadsOnlyALetterAndACanonicalPositiveNumber(string id, int expected) =>
        Assert.Equal(expected, DeskIds.NumberOf(id));

    [Theory]
    [InlineData("10000001:F3", 'F', "10000001", 3)]
    [InlineData("a:b:F1", 'F', "a:b", 1)]
    [InlineData("32044000000401:L12", 'L', "32044000000401", 12)]
    public void TryReadScoped_AWellFormedId_GivesItsOwnerAndNumber(string id, char letter, string owner, int ordinal)
    {
        Assert.True(DeskIds.TryReadScoped(id, letter, out var readOwner, out var readOrdinal));
        Assert.Equal((owner, ordinal), (readOwner, readOrdinal));
    }

    [Theory]
    [InlineData("10000001:F3", 'L')]
    [InlineData("10000001:", 'F')]
    [InlineData("10000001:F", 'F')]
    [InlineData("10000001:F0", 'F')]
    [InlineData("10000001:F03", 'F')]
    [InlineData(":F3", 'F')]
    [InlineData("F3", 'F')]
    [InlineData("", 'F')]
    [InlineData("10000001:F3x", 'F')]
    public void TryReadScoped_AnyOtherId_IsNoneWithNoOwner(string id, char letter)
    {
        Assert.False(DeskIds.TryReadScoped(id, letter, out var owner, out var ordinal));
        Assert.Equal((string.Empty, 0), (owner, ordinal));
    }

    [Theory]
    [InlineData("F7", 7)]
    [InlineData("10000001:F4", 4)]
    [InlineData("10000001:L4", 0)]
    [InlineData("x", 0)]
    public void OrdinalOfFineFee_ReadsEitherNumbering(string id, int expected) =>
        Assert.Equal(expected, DeskIds.OrdinalOfFineFee(id));

    [Fact]
    public void Ids_AreFormedAsTheyAreRead()
    {
        Assert.Equal("L3", DeskIds.DenseLoan(3));
        Assert.Equal("F12", DeskIds.DenseFineFee(12));
        Assert.Equal("320:L2", DeskIds.ScopedLoan("320", 2));
        Assert.Equal("p:1:F9", DeskIds.ScopedFineFee("p:1", 9));
        Assert.True(DeskIds.TryReadScoped(DeskIds.ScopedFineFee("p:1", 9), 'F', out var owner, out var ordinal));
        Assert.Equal(("p:1", 9), (owner, ordinal));
    }
}
