namespace ReleaseGate.Runner.Targets;

/// <summary>Something that answers prompts: a model endpoint, an HTTP service or a program.</summary>
/// <threadsafety>Implementations are called from many threads at once.</threadsafety>
public interface ITarget
{
    /// <summary>The target's definition.</summary>
    TargetDefinition Definition { get; }

    /// <summary>Makes one call. Latency is measured by the caller.</summary>
    /// <returns>The answer; a call that yields no usable answer throws instead.</returns>
    /// <exception cref="TargetException">The call failed; <see cref="TargetException.Transient"/> says whether to retry.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (a timeout or a stop).</exception>
    Task<TargetAnswer> CallAsync(TargetRequest request, CancellationToken cancellationToken);
}
