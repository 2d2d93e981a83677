using System.Text;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Gates;

/// <summary>The files of a <see cref="GateBundle"/>: a path written in a file names the bundle file <see cref="BundlePaths.Relative"/> gives.</summary>
internal sealed class BundleGateFiles(GateBundle bundle) : IGateFileSource
{
    public string Locate(string referrer, string reference) => BundlePaths.Relative(referrer, reference);

    public Stream? Open(string location, SourceLocation? referencedFrom, ICollection<GateError> errors)
    {
        if (bundle.Files.TryGetValue(location, out var text))
        {
            return new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        }

        errors.Add(referencedFrom is { } from
            ? new GateError(ErrorCodes.FileUnreadable, Messages.UnreadableReferenced(location, "it was not uploaded with the gate; add it to the upload under this name"), from)
            : new GateError(ErrorCodes.FileUnreadable, Messages.Unreadable("it was not uploaded"), SourceLocation.OfFile(location)));
        return null;
    }
}
