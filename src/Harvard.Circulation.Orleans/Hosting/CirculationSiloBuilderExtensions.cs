using Harvard.Circulation.Orleans.Desks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Harvard.Circulation.Orleans.Hosting;

/// <summary>Wires the desk grains into a silo.</summary>
public static class CirculationSiloBuilderExtensions
{
    /// <summary>
    /// Adds what the desk grains need besides what the host registers itself: their options and, unless the host
    /// registered one, NodaTime's system clock (read only by the reminder, when <see cref="CirculationDeskOptions.AdvanceByClock"/>
    /// is on). The host also registers a grain storage named <see cref="CirculationDeskOptions.StorageName"/>, an
    /// <see cref="Notices.INoticeSender"/>, and — with <see cref="CirculationDeskOptions.AdvanceByClock"/> — a
    /// reminder service (docs/orleans.md).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; null keeps the defaults.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddHarvardCirculation(this ISiloBuilder builder, Action<CirculationDeskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var optionsBuilder = builder.Services.AddOptions<CirculationDeskOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.Validate(o => o.OperationsPerSnapshot >= 1, "CirculationDeskOptions.OperationsPerSnapshot must be at least 1.")
            .Validate(o => o.OperationsPerJournalPage >= 1, "CirculationDeskOptions.OperationsPerJournalPage must be at least 1.")
            .Validate(o => o.ReminderPeriod >= TimeSpan.FromMinutes(1), "CirculationDeskOptions.ReminderPeriod must be at least one minute (Orleans' least reminder period).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<IClock>(SystemClock.Instance);
        return builder;
    }
}
