using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Gates;

/// <summary>What <see cref="GateBundleLoader"/> found.</summary>
/// <param name="Gate">The valid gate, or null when <see cref="Errors"/> holds any error.</param>
/// <param name="Errors">Every error of every file, in the order the files were read.</param>
/// <param name="Bundle">
/// The text of every file read, by name, when asked for (or when loading a bundle): null when a file could not be read
/// (missing, not UTF-8, too large). It may be present while <see cref="Gate"/> is null: the files were read but are not valid.
/// </param>
/// <param name="Parsed">
/// The gate with its policy includes merged, when the gate and its includes are valid — even where a suite or case file
/// is not: callers can check more against it (a release's workflow, the gate's rules) and report every error at once.
/// Its <see cref="Model.Gate.Digest"/> is of the gate file's text; decide only on <see cref="Gate"/>.
/// </param>
public sealed record GateLoadResult(LoadedGate? Gate, IReadOnlyList<GateError> Errors, GateBundle? Bundle, Model.Gate? Parsed);
