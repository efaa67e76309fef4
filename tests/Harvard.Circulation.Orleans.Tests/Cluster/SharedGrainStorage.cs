using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Harvard.Circulation.Orleans.Tests.Cluster;

/// <summary>How the next matching write fails.</summary>
public enum WriteFault
{
    /// <summary>The write throws and stores nothing.</summary>
    BeforeStoring,

    /// <summary>The write stores, then throws (the caller cannot tell it was stored).</summary>
    AfterStoring,
}

/// <summary>
/// Grain storage shared by every silo of a test cluster in this process (a stand-in for a database that outlives a
/// silo): each state is kept serialized, with an ETag checked on every write, and a write can be made to fail on
/// purpose before or after it stores.
/// </summary>
public sealed class SharedGrainStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag)> Stored = new(StringComparer.Ordinal);
    private static readonly List<(Func<string, GrainId, bool> Matches, WriteFault Fault)> Faults = [];
    private static long writes;
    private static long etags;

    /// <summary>How many writes have been made (stored or failed on purpose).</summary>
    public static long Writes => Interlocked.Read(ref writes);

    /// <summary>How many writes failed on purpose.</summary>
    public static long FailedOnPurpose { get; private set; }

    /// <summary>Makes the next write of a matching state fail.</summary>
    public static void FailNextWrite(Func<string, GrainId, bool> matches, WriteFault fault)
    {
        lock (Faults)
        {
            Faults.Add((matches, fault));
        }
    }

    /// <summary>Forgets the faults not yet triggered.</summary>
    public static void ClearFaults()
    {
        lock (Faults)
        {
            Faults.Clear();
        }
    }

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Stored.TryGetValue(KeyOf(stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Bytes);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref writes);
        var key = KeyOf(stateName, grainId);
        var fault = TakeFault(stateName, grainId);
        if (fault == WriteFault.BeforeStoring)
        {
            throw new IOException($"Injected storage failure before storing {key}.");
        }

        lock (Stored)
        {
            var current = Stored.TryGetValue(key, out var stored) ? stored.ETag : null;
            if (current != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch on {key}: stored {current}, written over {grainState.ETag}.", current, grainState.ETag);
            }

            var etag = Interlocked.Increment(ref etags).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Stored[key] = (serializer.SerializeToArray(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return fault == WriteFault.AfterStoring ? throw new IOException($"Injected storage failure after storing {key}.") : Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Stored.TryRemove(KeyOf(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static WriteFault? TakeFault(string stateName, GrainId grainId)
    {
        lock (Faults)
        {
            var index = Faults.FindIndex(f => f.Matches(stateName, grainId));
            if (index < 0)
            {
                return null;
            }

            var fault = Faults[index].Fault;
            Faults.RemoveAt(index);
            FailedOnPurpose++;
            return fault;
        }
    }

    private static string KeyOf(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
}
