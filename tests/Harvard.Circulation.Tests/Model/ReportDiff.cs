using System.Globalization;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Items;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// Compares two scenario reports field by field over the report contract (not the free-text explanation, the
/// refusal reasons or the timeline) and lists every difference in words that name the loan, fine/fee, notice,
/// request or session it is about.
/// </summary>
internal static class ReportDiff
{
    public static IReadOnlyList<string> Compare(ScenarioReport engine, ScenarioReport model)
    {
        var d = new List<string>();

        Rows(d, "loans", engine.Loans, model.Loans, l => l.Id, (e, m) =>
        {
            var id = "loan " + e.Id;
            Field(d, id, "patron", e.Patron, m.Patron);
            Field(d, id, "item", e.Item, m.Item);
            Field(d, id, "status", e.Status, m.Status);
            Field(d, id, "loanedAt", T(e.LoanedAt), T(m.LoanedAt));
            Field(d, id, "dueAt", T(e.DueAt), T(m.DueAt));
            Field(d, id, "returnedAt", T(e.ReturnedAt), T(m.ReturnedAt));
            Field(d, id, "overdue", e.Overdue, m.Overdue);
            Field(d, id, "renewals", e.Renewals, m.Renewals);
            Field(d, id, "allowedActions", string.Join(",", e.AllowedActions), string.Join(",", m.AllowedActions));
            Field(d, id, "rule", e.Rule, m.Rule);
            Field(d, id, "anonymizeAt", T(e.AnonymizeAt), T(m.AnonymizeAt));
            Field(d, id, "anonymized", e.Anonymized, m.Anonymized);
            Field(d, id, "recalled", e.Recalled, m.Recalled);
            Field(d, id, "claimedReturnedAt", T(e.ClaimedReturnedAt), T(m.ClaimedReturnedAt));
            Field(d, id, "lostAt", T(e.LostAt), T(m.LostAt));
        });

        Rows(d, "finesFees", engine.FinesFees, model.FinesFees, f => $"{f.TransactionId} ({f.Type} {f.Loan ?? "no loan"} {f.Amount.ToAmountString()})", (e, m) =>
        {
            var id = "fine/fee " + e.TransactionId;
            Field(d, id, "transactionId", e.TransactionId, m.TransactionId);
            Field(d, id, "patron", e.Patron, m.Patron);
            Field(d, id, "loan", e.Loan, m.Loan);
            Field(d, id, "title", e.Title, m.Title);
            Field(d, id, "type", e.Type, m.Type);
            Field(d, id, "status", e.Status, m.Status);
            Field(d, id, "amount", e.Amount.ToAmountString(), m.Amount.ToAmountString());
            Field(d, id, "balance", e.Balance.ToAmountString(), m.Balance.ToAmountString());
        });

        Rows(d, "balances", engine.Balances, model.Balances, b => b.Key, (e, m) =>
        {
            Field(d, "balances", "patron", e.Key, m.Key);
            Field(d, "balance of " + e.Key, "amount", e.Value.ToAmountString(), m.Value.ToAmountString());
        });

        Sequence(d, "notices", engine.Notices.Select(Notice).ToList(), model.Notices.Select(Notice).ToList());

        Rows(d, "returnList", engine.ReturnList, model.ReturnList, r => r.Key, (e, m) =>
        {
            Field(d, "returnList", "patron", e.Key, m.Key);
            Field(d, "return list of " + e.Key, "loans", string.Join(",", e.Value), string.Join(",", m.Value));
        });

        Rows(d, "requests", engine.Requests, model.Requests, r => r.Id, (e, m) =>
        {
            var id = "request " + e.Id;
            Field(d, id, "id", e.Id, m.Id);
            Field(d, id, "patron", e.Patron, m.Patron);
            Field(d, id, "item", e.Item, m.Item);
            Field(d, id, "status", e.Status, m.Status);
            Field(d, id, "expiresAt", T(e.ExpiresAt), T(m.ExpiresAt));
        });

        Rows(d, "sessions", engine.Sessions, model.Sessions, s => s.Id, (e, m) =>
        {
            var id = "session " + e.Id;
            Field(d, id, "id", e.Id, m.Id);
            Field(d, id, "patron", e.Patron, m.Patron);
            Field(d, id, "location", e.Location, m.Location);
            Field(d, id, "loans", string.Join(",", e.Loans), string.Join(",", m.Loans));
            Field(d, id, "returns", string.Join(",", e.Returns), string.Join(",", m.Returns));
            Field(d, id, "closedAt", T(e.ClosedAt), T(m.ClosedAt));
        });

        Sequence(d, "searches", engine.Searches.Select(s => $"event {s.Event}: [{string.Join(",", s.Results)}]").ToList(),
            model.Searches.Select(s => $"event {s.Event}: [{string.Join(",", s.Results)}]").ToList());
        Sequence(d, "queries", engine.Queries.Select(q => $"[{string.Join(",", q)}]").ToList(), model.Queries.Select(q => $"[{string.Join(",", q)}]").ToList());
        Sequence(d, "refused", engine.Refused.Select(r => $"events[{r.Event}] {r.Type}").ToList(), model.Refused.Select(r => $"events[{r.Event}] {r.Type}").ToList(),
            engine.Refused.ToDictionary(r => $"events[{r.Event}] {r.Type}", r => r.Reason));
        return d;
    }

    /// <summary>A readable report of the differences, engine value first.</summary>
    public static string Describe(IReadOnlyList<string> differences) =>
        differences.Count == 0 ? "no differences" : "engine vs model:\n  " + string.Join("\n  ", differences);

    private static string Notice(NoticeRow n) =>
        $"{T(n.At)} {n.Type} patron {n.Patron} loan {n.Loan ?? "-"}{(n.Request is null ? "" : " request " + n.Request)}";

    private static string T(Instant? instant) => instant is { } i ? InstantPattern.General.Format(i) : "null";

    private static void Field<T>(List<string> d, string what, string field, T engine, T model)
    {
        if (!EqualityComparer<T>.Default.Equals(engine, model))
        {
            d.Add($"{what}: {field}: engine {engine?.ToString() ?? "null"}, model {model?.ToString() ?? "null"}");
        }
    }

    private static void Rows<T>(List<string> d, string name, IReadOnlyList<T> engine, IReadOnlyList<T> model, Func<T, string> label, Action<T, T> compare)
    {
        for (var i = 0; i < Math.Min(engine.Count, model.Count); i++)
        {
            compare(engine[i], model[i]);
        }

        for (var i = model.Count; i < engine.Count; i++)
        {
            d.Add($"{name}: only the engine has {label(engine[i])}");
        }

        for (var i = engine.Count; i < model.Count; i++)
        {
            d.Add($"{name}: only the model has {label(model[i])}");
        }
    }

    private static void Sequence(List<string> d, string name, IReadOnlyList<string> engine, IReadOnlyList<string> model, IReadOnlyDictionary<string, string>? notes = null)
    {
        if (engine.SequenceEqual(model))
        {
            return;
        }

        var onlyEngine = engine.Except(model).ToList();
        var onlyModel = model.Except(engine).ToList();
        foreach (var e in onlyEngine)
        {
            d.Add($"{name}: only the engine has {e}{(notes is not null && notes.TryGetValue(e, out var why) ? " (" + why + ")" : "")}");
        }

        foreach (var m in onlyModel)
        {
            d.Add($"{name}: only the model has {m}");
        }

        if (onlyEngine.Count == 0 && onlyModel.Count == 0)
        {
            d.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: same entries in another order (or repeated):\n    engine {string.Join("\n           ", engine)}\n    model  {string.Join("\n           ", model)}"));
        }
    }
}
