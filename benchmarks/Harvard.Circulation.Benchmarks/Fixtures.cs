using System.Globalization;
using System.Text.Json.Nodes;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>The policies, calendars and check-outs the benchmarks share.</summary>
public static class Fixtures
{
    /// <summary>The embedded Harvard default policy.</summary>
    public static Policy HarvardDefault => EmbeddedPolicies.HarvardDefault;

    /// <summary>Widener Library's calendar (weekday hours, holidays) in the default policy's zone.</summary>
    public static LibraryCalendar Widener { get; } = PolicyCalendars.Of(EmbeddedPolicies.HarvardDefault).For("WID");

    /// <summary>A Tuesday afternoon in term, the instant most benchmarks act at.</summary>
    public static Instant Now { get; } = Instant.FromUtc(2026, 11, 10, 19, 30);

    /// <summary>The default policy with its rules replaced by 199 specific rules (group, item policy, library,
    /// sometimes a location; no two alike, so none shadows another) and the catch-all default: 200 rules.</summary>
    /// <returns>The policy.</returns>
    public static Policy Generated200()
    {
        var root = JsonNode.Parse(EmbeddedPolicies.HarvardDefaultJson)!.AsObject();
        var groups = root["userGroups"]!.AsArray().Select(g => g!["code"]!.GetValue<string>()).ToArray();
        var itemPolicies = root["itemPolicies"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ToArray();
        var libraries = root["libraries"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()).ToArray();
        string[] terms = ["regular", "term-loan", "media"];
        var rules = new JsonArray();
        var n = 0;
        for (var l = 0; l < libraries.Length && n < 199; l++)
        {
            for (var p = 0; p < itemPolicies.Length && n < 199; p++)
            {
                for (var g = 0; g < groups.Length && n < 199; g++)
                {
                    var rule = new JsonObject
                    {
                        ["id"] = "r" + n.ToString(CultureInfo.InvariantCulture),
                        ["userGroup"] = groups[g],
                        ["itemPolicy"] = itemPolicies[p],
                        ["library"] = libraries[l],
                        ["termsOfUse"] = terms[n % terms.Length],
                    };
                    if (n % 3 == 0)
                    {
                        rule["location"] = "stacks-" + (n % 7).ToString(CultureInfo.InvariantCulture);
                    }

                    rules.Add(rule);
                    n++;
                }
            }
        }

        rules.Add(new JsonObject { ["id"] = "default", ["termsOfUse"] = "regular" });
        root["rules"] = rules;
        return PolicyReader.Read(root.ToJsonString()).PolicyOrThrow();
    }
}
