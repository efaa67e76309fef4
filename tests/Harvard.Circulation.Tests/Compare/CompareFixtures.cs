using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Formats.Compare;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Compare;

/// <summary>Scenarios, policy changes and checks the comparison tests share.</summary>
internal static class CompareFixtures
{
    /// <summary>
    /// A faculty member (group 21) borrows a 3-hour reserve at Cabot on a Monday at 10:00 and returns it at 13:45;
    /// a special borrower (25) borrows Middlemarch at 10:05, renews it, and returns it; a guest (58) asks for the
    /// reserve (refused: guests may not borrow reserves).
    /// </summary>
    public const string ReserveScenario = """
        {
          "format": 1,
          "name": "A reserve, a regular loan and a guest",
          "policy": "harvard-default",
          "patrons": [
            { "id": "10000001", "group": "21", "name": "Ada Lovelace" },
            { "id": "10000002", "group": "25", "name": "Grace Hopper" },
            { "id": "10000003", "group": "58", "name": "Alan Turing" }
          ],
          "items": [
            { "barcode": "32044000000001", "title": "Course reader", "itemPolicy": "reserve-3h", "library": "CAB" },
            { "barcode": "32044000000002", "title": "Middlemarch", "itemPolicy": "regular", "library": "WID" }
          ],
          "events": [
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" },
            { "at": "2026-01-05T10:05:00-05:00", "type": "checkOut", "patron": "10000002", "item": "32044000000002" },
            { "at": "2026-01-05T13:45:00-05:00", "type": "checkIn", "item": "32044000000001" },
            { "at": "2026-01-05T15:00:00-05:00", "type": "checkOut", "patron": "10000003", "item": "32044000000001" },
            { "at": "2026-01-20T09:00:00-05:00", "type": "renew", "item": "32044000000002" },
            { "at": "2026-01-30T09:00:00-05:00", "type": "checkIn", "item": "32044000000002" }
          ],
          "asOf": "2026-02-01T00:00:00-05:00"
        }
        """;

    /// <summary>The scenario read.</summary>
    public static Scenario Read(string json) => ScenarioReader.Read(json) is { IsValid: true } read
        ? read.Scenario!
        : throw new InvalidOperationException(string.Join("; ", ScenarioReader.Read(json).Problems));

    /// <summary>A policy with one terms of use replaced.</summary>
    public static Policy WithTerms(Policy policy, string id, Func<TermsOfUse, TermsOfUse> change) =>
        new(policy.Name, policy.Currency, policy.TimeZone, policy.UserGroups, policy.ItemPolicies, policy.Libraries,
            policy.TermsOfUse.Select(t => t.Id == id ? change(t) : t), policy.Rules, policy.Retention);

    /// <summary>A policy with one user group replaced.</summary>
    public static Policy WithGroup(Policy policy, string code, Func<UserGroup, UserGroup> change) =>
        new(policy.Name, policy.Currency, policy.TimeZone, policy.UserGroups.Select(g => g.Code == code ? change(g) : g), policy.ItemPolicies,
            policy.Libraries, policy.TermsOfUse, policy.Rules, policy.Retention);

    /// <summary>Terms with another loan period.</summary>
    public static TermsOfUse WithPeriod(TermsOfUse t, NodaTime.Period period)
    {
        var l = t.Loan!;
        return new TermsOfUse(t.Id, new LoanTerms(period, l.DueTime, l.ClosedDue, l.MaxRenewals, l.MaxRenewalPeriod, l.RenewPeriod, l.AutoRenew),
            t.OverdueFine, t.RecalledOverdueFine, t.Recall, t.LostItem, t.Request, t.Notices);
    }

    /// <summary>A fine rule with another rate.</summary>
    public static FineRule WithAmount(FineRule f, Money amount) =>
        new(amount, f.Per, f.Grace, f.Max, f.CountClosed, f.GraceDeducted, f.ForgiveOnRenewal);

    /// <summary>A group without a balance limit.</summary>
    public static UserGroup WithoutMaxBalance(UserGroup g) =>
        new(g.Code, g.Name, g.MayBorrow, g.MaxLoans, null, g.MaxLostItems, g.MaxClaimedReturned, g.Bursar);

    /// <summary>
    /// A generated scenario with a new policy that changes only one fine rate: one terms of use's overdue (or
    /// recalled overdue) fine amount, raised or lowered by a whole number of cents and never below a cent.
    /// </summary>
    public static Gen<(ScenarioCase Case, Scenario Scenario, Policy New, string Change)> FineRateChanges(bool withoutBalanceLimits) =>
        from c in CirculationGenerators.Scenario()
        from pick in Gen.Choose(0, 1_000)
        from recalled in Gen.Elements(false, true)
        from cents in Gen.Elements(-20, 1, 25, 100, 250, 1_000)
        select Change(c, pick, recalled, cents, withoutBalanceLimits);

    private static (ScenarioCase, Scenario, Policy, string) Change(ScenarioCase c, int pick, bool recalled, int cents, bool withoutBalanceLimits)
    {
        var scenario = c.Scenario;
        var old = scenario.Policy;
        if (withoutBalanceLimits)
        {
            old = new Policy(old.Name, old.Currency, old.TimeZone, old.UserGroups.Select(WithoutMaxBalance), old.ItemPolicies, old.Libraries, old.TermsOfUse, old.Rules, old.Retention);
            scenario = scenario with { Policy = old };
        }

        var fined = old.TermsOfUse.Where(t => (recalled ? t.RecalledOverdueFine : t.OverdueFine) is not null).ToList();
        if (fined.Count == 0)
        {
            return (c, scenario, old, "no fine to change");
        }

        var terms = fined[pick % fined.Count];
        var rule = (recalled ? terms.RecalledOverdueFine : terms.OverdueFine)!;
        var amount = new Money(Math.Max(0.01m, rule.Amount.Amount + (cents / 100m)), rule.Amount.Currency);
        var changed = WithAmount(rule, amount);
        var @new = WithTerms(old, terms.Id, t => new TermsOfUse(t.Id, t.Loan, recalled ? t.OverdueFine : changed, recalled ? changed : t.RecalledOverdueFine,
            t.Recall, t.LostItem, t.Request, t.Notices));
        return (c, scenario, @new, $"{terms.Id} {(recalled ? "recalledOverdueFine" : "overdueFine")} {rule.Amount.ToAmountString()} -> {amount.ToAmountString()}");
    }

    /// <summary>What differs in a comparison, one line each; empty when nothing does.</summary>
    public static List<string> Changes(PolicyComparison c)
    {
        var changes = new List<string>();
        if (c.DifferingEvents > 0)
        {
            changes.Add($"{c.DifferingEvents} differing events, the first: {(c.Differences.Count > 0 ? c.Differences[0].Event : null)}");
        }

        if (c.Patrons.Count > 0)
        {
            changes.Add($"{c.Patrons.Count} patrons differ, the first {c.Patrons[0].PatronId}");
        }

        foreach (var (name, figures) in c.UserGroups.Select(g => ("group " + g.Code, g.Figures)).Concat(c.ItemPolicies.Select(p => ("item policy " + p.Code, p.Figures))).Prepend(("totals", c.Totals)))
        {
            if (figures.IsChanged)
            {
                changes.Add(name + " figures differ");
            }
        }

        return changes;
    }
}
