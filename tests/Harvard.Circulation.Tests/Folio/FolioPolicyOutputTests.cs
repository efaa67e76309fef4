using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Policies;
using static Harvard.Circulation.Tests.Folio.FolioExportFixture;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// The policy file the import writes (spec §5): fields FOLIO has no counterpart for are never written, fields the
/// spec says are omitted are left out (not null), and zero periods are <c>PT0S</c>.
/// </summary>
public sealed class FolioPolicyOutputTests
{
    [Fact]
    public void WritePolicy_NeverWritesMaxRenewalPeriodOrAutoRenew()
    {
        var text = Import(Export()).WritePolicy();

        Assert.DoesNotContain("\"maxRenewalPeriod\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"autoRenew\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WritePolicy_RenewPeriodOnlyWithDifferentPeriod()
    {
        // §5.1: differentPeriod + renewalsPolicy.period → renewPeriod (else omitted = period).
        var bundle = Export();
        Assert.Null(Loan(bundle, "folio-1")["renewPeriod"]);
        Assert.False(Loan(bundle, "folio-1").ContainsKey("renewPeriod"));

        var renewals = bundle.Record("loanPolicies")["renewalsPolicy"]!.AsObject();
        renewals["differentPeriod"] = true;
        renewals["period"] = new JsonObject { ["duration"] = 10, ["intervalId"] = "Days" };
        Assert.Equal("P10D", (string?)Loan(bundle, "folio-1")["renewPeriod"]);

        // The same period as the loan's is still FOLIO's own renewal period.
        renewals["period"] = new JsonObject { ["duration"] = 3, ["intervalId"] = "Weeks" };
        Assert.Equal("P3W", (string?)Loan(bundle, "folio-1")["renewPeriod"]);
    }

    [Fact]
    public void WritePolicy_ZeroPeriodsArePT0S()
    {
        // §5.1: a missing minimum guaranteed loan period is PT0S; §5.2: gracePeriodRecall → grace PT0S; loan-2w has
        // no grace period.
        var bundle = Export();
        bundle.Record("loanPolicies")["requestManagement"]!["recalls"]!.AsObject().Remove("minimumGuaranteedLoanPeriod");
        var policy = Written(bundle);

        var threeWeeks = Terms(policy, "folio-1");
        Assert.Equal("PT0S", (string?)threeWeeks["recall"]!["minimumLoan"]);
        Assert.Equal("PT0S", (string?)threeWeeks["recalledOverdueFine"]!["grace"]);
        Assert.Equal("PT2H", (string?)threeWeeks["overdueFine"]!["grace"]);
        Assert.Equal("PT0S", (string?)Terms(policy, "folio-2")["overdueFine"]!["grace"]);
        Assert.DoesNotContain("P0D", policy.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WritePolicy_NoCapLeavesMaxOut()
    {
        // §5.2: a maxOverdueFine of 0 means no cap in FOLIO → max omitted (never "0.00", and not null).
        var bundle = Export();
        bundle.Record("overdueFinePolicies")["maxOverdueFine"] = 0;

        var fine = Terms(Written(bundle), "folio-1")["overdueFine"]!.AsObject();

        Assert.False(fine.ContainsKey("max"));
        Assert.Equal("0.25", (string?)fine["amount"]);
    }

    [Fact]
    public void WritePolicy_OmittedLostItemFieldsAreLeftOut()
    {
        // §5.3: agedToLostAfter missing → omitted; actualCost → defaultReplacementFee omitted; noRefundAfter missing → omitted.
        var bundle = Export();
        var lost = bundle.Record("lostItemFeePolicies");
        lost.Remove("itemAgedLostOverdue");
        lost.Remove("recalledItemAgedLostOverdue");
        lost.Remove("feesFinesShallRefunded");
        lost["chargeAmountItem"]!["chargeType"] = "actualCost";

        var lostItem = Terms(Written(bundle), "folio-1")["lostItem"]!.AsObject();

        Assert.Equal(["processFee", "refundReplacementFeePercent", "refundProcessFeeWhenFound", "forgiveOverdueWhenLost"], lostItem.Select(p => p.Key));
    }

    [Fact]
    public void WritePolicy_ReadsBackAsTheImportedPolicy()
    {
        var bundle = Export();
        bundle.Record("overdueFinePolicies")["maxOverdueFine"] = 0;
        var result = Import(bundle);

        Assert.Equal(result.Policy, PolicyReader.Read(result.WritePolicy()).PolicyOrThrow());
        Assert.Equal(result.Policy, PolicyReader.Read(result.WritePolicy(indented: false)).PolicyOrThrow());
    }

    [Fact]
    public void PolicyWriter_OrdinaryOutputUnchanged_EveryFieldExplicit()
    {
        // The import's way of writing is its own: PolicyWriter.Write still writes every field, absent ones as null.
        var text = PolicyWriter.Write(Import(Export()).Policy!);

        Assert.Contains("\"maxRenewalPeriod\": null", text, StringComparison.Ordinal);
        Assert.Contains("\"autoRenew\": false", text, StringComparison.Ordinal);
        Assert.Contains("\"renewPeriod\": \"P3W\"", text, StringComparison.Ordinal);
        Assert.Contains("\"grace\": \"P0D\"", text, StringComparison.Ordinal);
    }

    private static JsonObject Written(JsonObject bundle)
    {
        var result = Import(bundle);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        return JsonNode.Parse(result.WritePolicy())!.AsObject();
    }

    private static JsonObject Terms(JsonObject policy, string id) =>
        policy["termsOfUse"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string?)t["id"] == id);

    private static JsonObject Loan(JsonObject bundle, string terms) => Terms(Written(bundle), terms)["loan"]!.AsObject();
}
