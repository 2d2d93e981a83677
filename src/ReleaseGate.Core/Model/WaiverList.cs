namespace ReleaseGate.Core.Model;

/// <summary>A parsed <c>kind: Waivers</c> file.</summary>
/// <param name="File">The file, as given.</param>
/// <param name="Waivers">The waivers, in the order written.</param>
public sealed record WaiverList(string File, IReadOnlyList<Waiver> Waivers);
