using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Calendar;

/// <summary>
/// The library calendars of one policy, built once per library on first use and shared; a library the policy
/// does not list is open all the time. Thread-safe.
/// </summary>
public sealed class PolicyCalendars
{
    private static readonly ConditionalWeakTable<Policy, PolicyCalendars> Shared = new();
    private readonly ConcurrentDictionary<string, LibraryCalendar> calendars = new(StringComparer.Ordinal);

    // Private: a second set for the same policy would build every library's table again; Of shares one.
    private PolicyCalendars(Policy policy) => Policy = Guard.Against.Null(policy);

    /// <summary>The calendar set shared by every user of one policy instance, so that each library's
    /// open-time table is built once per process.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The shared calendar set.</returns>
    public static PolicyCalendars Of(Policy policy) => Shared.GetValue(Guard.Against.Null(policy), p => new PolicyCalendars(p));

    /// <summary>The policy.</summary>
    public Policy Policy { get; }

    /// <summary>The calendar of a library.</summary>
    /// <param name="libraryCode">The library code.</param>
    /// <returns>Its calendar; open all the time when the policy does not list it.</returns>
    public LibraryCalendar For(string libraryCode)
    {
        Guard.Against.Null(libraryCode);
        return calendars.GetOrAdd(libraryCode, code => Policy.FindLibrary(code) is { } library
            ? new LibraryCalendar(library, Policy.TimeZone)
            : LibraryCalendar.AlwaysOpen(code, Policy.TimeZone));
    }
}
