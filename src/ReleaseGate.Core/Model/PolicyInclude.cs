using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Model;

/// <summary>A policy file a gate includes, so that an organisation keeps common policies in one place.</summary>
/// <param name="File">The file, relative to the gate.</param>
/// <param name="Location">Where the include is written.</param>
public sealed record PolicyInclude(string File, SourceLocation Location);
