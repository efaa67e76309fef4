using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Testing;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// Long runs for the model law: hundreds of events over many months, a few items shared by several patrons,
/// short and long retention with <c>keepLoansWithFinesFees</c> both ways, bursts of charges and ledger events at
/// one instant. Policies come from <see cref="CirculationGenerators.Policy"/> (or harvard-default) with the
/// retention replaced.
/// </summary>
internal static class LongRunGenerator
{
    private static readonly string[] Titles = ["Middlemarch", "Moby-Dick", "Bleak House", "The Waves"];
    private static readonly string[] FeeTypes = [.. Enum.GetValues<FineFeeType>().Select(t => t.ToSpelling())];

    // Gaps in minutes: the same instant (often), minutes, hours, a day, days, weeks.
    private static readonly int[] Gaps = [0, 0, 0, 1, 5, 30, 60, 180, 720, 1_440, 1_440, 3 * 1_440, 7 * 1_440, 20 * 1_440];

    private static readonly OffsetDateTimePattern InstantPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<Z+HH:mm>");
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Gen<RetentionTerms> Retention() =>
        from anonymize in Gen.Elements(Period.Zero, Period.FromDays(1), Period.FromDays(10), Period.FromDays(60), Period.FromMonths(6))
        from keep in Gen.Elements(true, false)
        from returnList in Gen.Elements(Period.FromDays(3), Period.FromDays(30), Period.FromMonths(6))
        from idle in Gen.Elements(Period.FromMinutes(5), Period.FromHours(1))
        select new RetentionTerms(anonymize, keep, returnList, idle);

    /// <summary>The policy with another retention and, when <paramref name="relaxed"/>, user groups without
    /// loan-count and lost-item limits (so long runs keep lending instead of refusing every check-out); every
    /// other group keeps its balance limit, which auto-renewals and check-outs must judge with accruing fines.</summary>
    private static Policy Adapt(Policy p, RetentionTerms retention, bool relaxed) =>
        new(p.Name, p.Currency, p.TimeZone,
            relaxed ? p.UserGroups.Select((g, i) => new UserGroup(g.Code, g.Name, bursar: g.Bursar, maxClaimedReturned: g.MaxClaimedReturned,
                maxBalance: i % 2 == 0 ? g.MaxBalance : null)) : p.UserGroups,
            p.ItemPolicies, p.Libraries, p.TermsOfUse, p.Rules, retention);

    public static Gen<ScenarioCase> Scenario() =>
        from basePolicy in Gen.Frequency((4, CirculationGenerators.Policy()), (1, Gen.Constant(EmbeddedPolicies.HarvardDefault)))
        from retention in Retention()
        from relaxed in Gen.Elements(true, true, false)
        let policy = Adapt(basePolicy, retention, relaxed)
        from patronCount in Gen.Choose(2, 5)
        from groups in Gen.ArrayOf(Gen.Elements(policy.UserGroups.Select(g => g.Code).ToArray()), patronCount)
        from itemCount in Gen.Choose(2, 6)
        from itemPolicies in Gen.ArrayOf(Gen.Elements(policy.ItemPolicies.Select(i => i.Code).ToArray()), itemCount)
        from libraries in Gen.ArrayOf(Gen.Elements(policy.Libraries.Count > 0 ? policy.Libraries.Select(l => l.Code).ToArray() : ["WID"]), itemCount)
        from costs in Gen.ArrayOf(Gen.Choose(0, 9_000), itemCount)
        from eventCount in Gen.Choose(100, 300)
        from plans in Gen.ArrayOf(Plan(), eventCount)
        from startDay in Gen.Choose(0, 300)
        from tail in Gen.Elements(0, 60, 1_440, 30 * 1_440, 200 * 1_440)
        select new ScenarioCase(Write(policy, policy == EmbeddedPolicies.HarvardDefault,
            [.. groups.Select((g, i) => new Patron((10_000_001 + i).ToString(CultureInfo.InvariantCulture), g, "Patron " + i.ToString(CultureInfo.InvariantCulture)))],
            [.. itemPolicies.Select((p, i) => new Item((32_044_000_000_001L + i).ToString(CultureInfo.InvariantCulture), p, libraries[i], Titles[i % Titles.Length],
                i % 2 == 0 ? "STACKS" : null, costs[i] < 3_000 ? null : new Money(costs[i] / 100m, Money.DefaultCurrency)))],
            policy.TimeZone.AtLeniently(new LocalDate(2026, 1, 1).PlusDays(startDay).At(new LocalTime(9, 0))).ToInstant(), plans, tail));

    private readonly record struct Step(int Kind, int A, int B, int Gap);

    private static Gen<Step> Plan() =>
        from kind in Gen.Frequency(
            (10, Gen.Constant(0)), (3, Gen.Constant(1)), (8, Gen.Constant(2)), (2, Gen.Constant(3)), (2, Gen.Constant(4)), (2, Gen.Constant(5)),
            (4, Gen.Constant(6)), (2, Gen.Constant(7)), (2, Gen.Constant(8)), (1, Gen.Constant(9)), (4, Gen.Constant(10)), (1, Gen.Constant(11)),
            (4, Gen.Constant(12)), (2, Gen.Constant(13)), (2, Gen.Constant(14)))
        from a in Gen.Choose(0, 1_000)
        from b in Gen.Choose(0, 1_000)
        from gap in Gen.Choose(0, Gaps.Length - 1)
        select new Step(kind, a, b, gap);

    private static string Write(Policy policy, bool embedded, Patron[] patrons, Item[] items, Instant start, Step[] steps, int tailMinutes)
    {
        var zone = policy.TimeZone;
        string At(Instant instant) => InstantPattern.Format(instant.InZone(zone).ToOffsetDateTime());
        string Amount(int choice) => new Money((choice % 40 + 1) * 0.25m + choice % 3, policy.Currency).ToAmountString();

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("format", 1);
            w.WriteString("name", "Long run");
            if (embedded)
            {
                w.WriteString("policy", EmbeddedPolicies.HarvardDefaultName);
            }
            else
            {
                w.WritePropertyName("policy");
                w.WriteRawValue(PolicyWriter.Write(policy, indented: false));
            }

            w.WriteStartArray("patrons");
            foreach (var p in patrons)
            {
                w.WriteStartObject();
                w.WriteString("id", p.PrimaryId);
                w.WriteString("group", p.GroupCode);
                w.WriteString("name", p.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteString("barcode", item.Barcode);
                w.WriteString("title", item.Title);
                w.WriteString("itemPolicy", item.ItemPolicy);
                w.WriteString("library", item.Library);
                if (item.Location is not null)
                {
                    w.WriteString("location", item.Location);
                }

                if (item.ReplacementCost is { } cost)
                {
                    w.WriteString("replacementCost", cost.ToAmountString());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("staff");
            w.WriteStartObject();
            w.WriteString("id", "jdoe");
            w.WriteBoolean("nameSearch", true);
            w.WriteEndObject();
            w.WriteEndArray();

            var now = start;
            var requestCount = 0;
            var sessionCount = 0;
            var sessionOpenedAt = start;
            var recordGuess = 1;
            w.WriteStartArray("events");
            foreach (var step in steps)
            {
                now += Duration.FromMinutes(Gaps[step.Gap]);
                var patron = patrons[step.A % patrons.Length].PrimaryId;
                var item = items[step.B % items.Length].Barcode;
                var transaction = "F" + (1 + (step.B % Math.Max(1, recordGuess + 2))).ToString(CultureInfo.InvariantCulture);
                // mostly the latest session while it is likely still open, sometimes an older one
                var session = sessionCount == 0 || step.A % 3 != 0 ? null
                    : now - sessionOpenedAt <= Duration.FromMinutes(10) || step.A % 7 == 0 ? "S" + (step.A % 7 == 0 ? 1 + (step.B % sessionCount) : sessionCount).ToString(CultureInfo.InvariantCulture)
                    : null;
                w.WriteStartObject();
                w.WriteString("at", At(now));
                switch (step.Kind)
                {
                    case 0:
                        w.WriteString("type", "checkOut");
                        w.WriteString("patron", patron);
                        w.WriteString("item", item);
                        if (session is not null)
                        {
                            w.WriteString("session", session);
                        }

                        break;
                    case 1:
                        w.WriteString("type", "renew");
                        w.WriteString("item", item);
                        break;
                    case 2:
                        w.WriteString("type", "checkIn");
                        w.WriteString("item", item);
                        if (session is not null)
                        {
                            w.WriteString("session", session);
                        }

                        break;
                    case 3:
                        w.WriteString("type", "claimReturned");
                        w.WriteString("item", item);
                        break;
                    case 4:
                        w.WriteString("type", "declareLost");
                        w.WriteString("item", item);
                        break;
                    case 5:
                        w.WriteString("type", "markFound");
                        w.WriteString("item", item);
                        break;
                    case 6:
                        w.WriteString("type", "pay");
                        w.WriteString("patron", patron);
                        w.WriteString("amount", Amount(step.B));
                        if (step.A % 2 == 0)
                        {
                            w.WriteString("transactionId", transaction);
                        }

                        break;
                    case 7:
                        w.WriteString("type", "waive");
                        w.WriteString("transactionId", transaction);
                        if (step.A % 2 == 1)
                        {
                            w.WriteString("amount", Amount(step.A));
                        }

                        break;
                    case 8:
                        w.WriteString("type", step.A % 2 == 0 ? "dispute" : "restore");
                        w.WriteString("transactionId", transaction);
                        break;
                    case 9:
                        w.WriteString("type", "refund");
                        w.WriteString("transactionId", transaction);
                        w.WriteString("amount", Amount(step.A));
                        break;
                    case 10:
                        // charges, often at one instant with other records
                        w.WriteString("type", "charge");
                        w.WriteString("patron", patron);
                        w.WriteString("feeType", FeeTypes[step.A % FeeTypes.Length]);
                        w.WriteString("amount", Amount(step.B));
                        if (step.A % 2 == 0)
                        {
                            w.WriteString("title", Titles[step.B % Titles.Length]);
                        }

                        recordGuess++;
                        break;
                    case 11:
                        w.WriteString("type", "exportToBursar");
                        if (step.A % 2 == 0)
                        {
                            w.WriteString("patron", patron);
                        }

                        break;
                    case 13 when requestCount > 0:
                        w.WriteString("type", "cancelRequest");
                        w.WriteString("request", "R" + (1 + (step.B % requestCount)).ToString(CultureInfo.InvariantCulture));
                        if (step.A % 3 == 0)
                        {
                            w.WriteBoolean("notifyUser", false);
                        }

                        break;
                    case 14:
                        w.WriteString("type", "openSession");
                        w.WriteString("staff", "jdoe");
                        w.WriteString("location", policy.Libraries.Count > 0 ? policy.Libraries[step.B % policy.Libraries.Count].Code : "WID");
                        w.WriteString("patron", patron);
                        sessionCount++;
                        sessionOpenedAt = now;
                        break;
                    default:
                        w.WriteString("type", "placeRequest");
                        w.WriteString("patron", patron);
                        w.WriteString("item", item);
                        requestCount++;
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("asOf", At(now + Duration.FromMinutes(tailMinutes)));
            w.WriteStartArray("queries");
            w.WriteStartObject();
            w.WriteStartObject("finesFees");
            w.WriteString("status", "active");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
