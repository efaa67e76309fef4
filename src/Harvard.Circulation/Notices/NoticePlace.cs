using NodaTime;

namespace Harvard.Circulation.Notices;

/// <summary>Under scoped ids, what places a notice among everyone's notices of its instant (domain.md §6: those
/// with a loan in loan order, then those with neither in event order, then request notices in request order): the
/// action its loan or request came from, or the action that decided it. No desk-wide number is needed, so parts of a
/// desk acting apart order their notices as the one desk would.</summary>
/// <param name="By">What orders it: its loan, the action that decided it (a notice with neither), or its request.</param>
/// <param name="At">That action's instant: the loan's check-out, the notice's own instant, the request's placing.</param>
/// <param name="Place">That action's place among the actions taken at <paramref name="At"/>, from 0.</param>
public sealed record NoticePlace(NoticeOrderedBy By, Instant At, int Place);

/// <summary>What places a notice among the notices of its instant, in the order the three kinds are listed.</summary>
public enum NoticeOrderedBy
{
    /// <summary>A notice about a loan, in loan order (<c>loan</c>).</summary>
    Loan,

    /// <summary>A notice with neither loan nor request, in the order of the actions that decided them (<c>action</c>).</summary>
    Action,

    /// <summary>A request notice, in request order (<c>request</c>).</summary>
    Request,
}
