using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Collections;

namespace Harvard.Circulation.Tests.Collections;

/// <summary>The persistent collections agree with the BCL's mutable ones after any sequence of changes, and
/// every earlier version stays as it was.</summary>
public class PersistentCollectionsProperties
{
    [Property(MaxTest = 300)]
    public bool SortedMap_RandomSetsAndRemoves_AgreesWithSortedDictionaryAndKeepsOldVersions(int[] operations)
    {
        var map = PersistentSortedMap<int, int>.Empty();
        var model = new SortedDictionary<int, int>();
        var versions = new List<(PersistentSortedMap<int, int> Map, KeyValuePair<int, int>[] Entries)>();
        foreach (var op in operations.Concat(Enumerable.Range(0, 200).Select(i => (i * 7919) % 401)))
        {
            // Keys in a small range so removes and replaces hit existing keys; odd ops remove.
            var key = Math.Abs(op % 300);
            if (op % 3 == 0)
            {
                map = map.Remove(key);
                model.Remove(key);
            }
            else
            {
                map = map.SetItem(key, op);
                model[key] = op;
            }

            if (versions.Count < 50)
            {
                versions.Add((map, model.ToArray()));
            }
        }

        return map.Count == model.Count
            && map.SequenceEqual(model)
            && model.All(e => map.TryGetValue(e.Key, out var v) && v == e.Value)
            && Enumerable.Range(-5, 310).All(k => map.ContainsKey(k) == model.ContainsKey(k))
            && (model.Count == 0 || map.First.Key == model.First().Key)
            && versions.All(v => v.Map.SequenceEqual(v.Entries) && v.Map.Count == v.Entries.Length);
    }

    [Fact]
    public void SortedMap_ManyEntriesAscendingDescendingAndRandom_StaysOrderedAndFindsEach()
    {
        foreach (var keys in new[] { Enumerable.Range(0, 5_000), Enumerable.Range(0, 5_000).Reverse(), Enumerable.Range(0, 5_000).Select(i => (i * 7_919) % 5_003) })
        {
            var map = PersistentSortedMap<int, string>.Empty();
            foreach (var key in keys)
            {
                map = map.SetItem(key, key.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var expected = keys.Distinct().Order().ToList();
            Assert.Equal(expected, map.Select(e => e.Key));
            Assert.All(expected, k => Assert.Equal(k.ToString(System.Globalization.CultureInfo.InvariantCulture), map[k]));
            foreach (var key in expected.Where(k => k % 2 == 0))
            {
                map = map.Remove(key);
            }

            Assert.Equal(expected.Where(k => k % 2 != 0), map.Select(e => e.Key));
            Assert.Equal(expected.First(k => k % 2 != 0), map.First.Key);
            foreach (var key in expected)
            {
                map = map.Remove(key);
            }

            Assert.True(map.IsEmpty);
            Assert.Empty(map);
            Assert.Throws<InvalidOperationException>(() => map.First);
        }
    }

    [Property(MaxTest = 300)]
    public bool Vector_RandomAddsAndSets_AgreesWithListAndKeepsOldVersions(NonNegativeInt[] operations)
    {
        var vector = PersistentVector<int>.Empty;
        var model = new List<int>();
        var versions = new List<(PersistentVector<int> Vector, int[] Items)>();
        foreach (var op in operations.Select(o => o.Get).Concat(Enumerable.Range(0, 1_200)))
        {
            if (model.Count > 0 && op % 4 == 0)
            {
                var at = op % model.Count;
                vector = vector.SetItem(at, -op);
                model[at] = -op;
            }
            else
            {
                vector = vector.Add(op);
                model.Add(op);
            }

            if (versions.Count < 40 && op % 7 == 0)
            {
                versions.Add((vector, model.ToArray()));
            }
        }

        return vector.Count == model.Count
            && vector.SequenceEqual(model)
            && Enumerable.Range(0, model.Count).All(i => vector[i] == model[i])
            && versions.All(v => v.Vector.SequenceEqual(v.Items));
    }

    [Property(MaxTest = 200)]
    public bool Vector_Repeated_AgreesWithListThroughSetsAndAdds(NonNegativeInt size, NonNegativeInt[] operations)
    {
        // Sizes across the trie's levels (32, 1,024, 32,768 and beyond), where the shared branches are widest.
        var count = size.Get % 4 switch { 0 => size.Get % 40, 1 => 1_000 + (size.Get % 100), 2 => 32_760 + (size.Get % 20), _ => 1_100_000 };
        var start = PersistentVector<int>.Repeat(-7, count);
        var vector = start;
        var model = Enumerable.Repeat(-7, count).ToList();
        foreach (var op in operations.Select(o => o.Get))
        {
            if (model.Count > 0 && op % 3 != 0)
            {
                var at = (int)((op * 7919L) % model.Count);
                vector = vector.SetItem(at, op);
                model[at] = op;
            }
            else
            {
                vector = vector.Add(op);
                model.Add(op);
            }
        }

        // Built at once from the same elements, then grown and changed: the same list again.
        var built = PersistentVector<int>.From(model).Add(1).Add(2);
        var grown = model.Append(1).Append(2).ToList();
        built = built.SetItem(grown.Count - 1, 3);
        grown[^1] = 3;
        return vector.Count == model.Count
            && vector.SequenceEqual(model)
            && Enumerable.Range(0, Math.Min(model.Count, 2_000)).Select(i => (i * 104_729) % model.Count).All(i => vector[i] == model[i])
            && start.Count == count && start.All(v => v == -7)
            && built.Count == grown.Count && built.SequenceEqual(grown) && built[grown.Count - 2] == 1;
    }

    [Fact]
    public void Vector_Repeated_IsLogarithmicInMemoryAndRejectsANegativeCount()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var vector = PersistentVector<long>.Repeat(42L, 1_000_000);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_096, "a million repeated longs should share their leaves and branches");
        Assert.Equal(1_000_000, vector.Count);
        Assert.Equal(42L, vector[999_999]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vector[1_000_000]);
        Assert.Empty(PersistentVector<int>.Repeat(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentVector<int>.Repeat(1, -1));
    }

    [Fact]
    public void Vector_OutOfRange_Throws()
    {
        var vector = PersistentVector<string>.From(["L1", "L2"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vector[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vector.SetItem(-1, "x"));
        Assert.Equal("L2", vector[1]);
    }

    [Fact]
    public void Vector_AMillionAdds_ReadsEachBack()
    {
        var vector = PersistentVector<int>.Empty;
        for (var i = 0; i < 1_100_000; i++)
        {
            vector = vector.Add(i);
        }

        Assert.Equal(1_100_000, vector.Count);
        Assert.Equal(1_048_576, vector[1_048_576]);
        Assert.Equal(Enumerable.Range(0, 1_100_000), vector);
    }
}
