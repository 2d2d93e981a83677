using ReleaseGate.Core.Model;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>A valid gate with its policy includes merged, and the suites it names by suite name.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Suites">The suite files the gate names.</param>
public sealed record LoadedGate(Gate Gate, IReadOnlyDictionary<string, Suite> Suites);
