using BenchmarkDotNet.Running;

namespace Harvard.Circulation.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>The entry point.</summary>
    /// <param name="args">BenchmarkDotNet arguments, e.g. <c>--filter *</c>; or <c>--orleans-figures</c> alone for the
    /// desk grains' latency percentiles, throughput and recovery time (<see cref="ClusterFigures"/>); or
    /// <c>--orleans-owner-figures</c> for the same through account and item grains (<see cref="OwnerFigures"/>).</param>
    /// <returns>A task completing when the run is done.</returns>
    public static async Task Main(string[] args)
    {
        if (args is ["--orleans-figures"])
        {
            await ClusterFigures.RunAsync();
            return;
        }

        if (args is ["--orleans-owner-figures"])
        {
            await OwnerFigures.RunAsync();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
