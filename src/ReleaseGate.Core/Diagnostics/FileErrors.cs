namespace ReleaseGate.Core.Diagnostics;

/// <summary>The error for an input file that cannot be opened or read, worded the same by every reader of files.</summary>
public static class FileErrors
{
    /// <summary>RG1201 for <paramref name="path"/>, saying why it could not be read.</summary>
    /// <param name="path">The file.</param>
    /// <param name="exception">The IO failure: a missing file or folder reads "it does not exist", a refused one "permission denied".</param>
    /// <param name="referencedFrom">Where the file is named, the place of the error; null to place it at the file itself.</param>
    public static GateError Unreadable(string path, Exception exception, SourceLocation? referencedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(exception);
        var reason = exception switch
        {
            FileNotFoundException or DirectoryNotFoundException => "it does not exist",
            UnauthorizedAccessException => "permission denied",
            _ => exception.Message,
        };
        return referencedFrom is { } from
            ? new GateError(ErrorCodes.FileUnreadable, Messages.UnreadableReferenced(path, reason), from)
            : new GateError(ErrorCodes.FileUnreadable, Messages.Unreadable(reason), SourceLocation.OfFile(path));
    }
}
