namespace Harvard.Circulation.Orleans.Storage;

/// <summary>How every grain of the package writes its state.</summary>
internal static class PersistentStates
{
    /// <summary>Writes a new state. When the write fails the grain keeps its old state and deactivates, so its next
    /// call reads storage afresh: a write that failed after storing is then found there, not applied twice.</summary>
    /// <param name="state">The grain's persistent state.</param>
    /// <param name="next">The state to write.</param>
    /// <param name="grain">The grain that owns it.</param>
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, T next, IGrainBase grain)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
