using Microsoft.AspNetCore.Http.HttpResults;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;

namespace ReleaseGate.Server.Api;

/// <summary>Reads uploaded documents: a YAML body alone, or a multipart form of named files.</summary>
internal static class Uploads
{
    /// <summary>
    /// The files of a request, by part name (normalised as <see cref="BundlePaths.Normalize"/> when
    /// <paramref name="normalize"/>), with the file name of the part named <paramref name="main"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="main">The name of the main document's part.</param>
    /// <param name="defaultName">The main document's name when the request does not give one.</param>
    /// <param name="normalize">Whether part names are normalised as paths.</param>
    /// <param name="invalidCode">The problem code for a part name that is not a clean relative path (<see cref="Identifiers.UploadPath"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The files and the main file's name, or a problem.</returns>
    public static async Task<(Dictionary<string, byte[]>? Files, string MainName, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, string main, string defaultName, bool normalize, string invalidCode, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var mainName = defaultName;
            foreach (var file in form.Files)
            {
                // Part names become file names in the bundle: a name that is not a clean relative path is refused before use.
                if (file.Name != main && Identifiers.UploadPath(file.Name, "part name", SourceLocation.OfFile(DisplayText.Escape(file.Name))) is { } badName)
                {
                    return (null, defaultName, Problems.Invalid(invalidCode, "upload", [badName]));
                }

                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                if (file.Name == main)
                {
                    if (Path.GetFileName(file.FileName) is { Length: > 0 } given && Identifiers.Name(given, "file name", Identifiers.MaxPathLength, SourceLocation.OfFile(main)) is { } badFile)
                    {
                        return (null, defaultName, Problems.Invalid(invalidCode, "upload", [badFile]));
                    }

                    mainName = BundlePaths.Normalize(Path.GetFileName(file.FileName) is { Length: > 0 } name ? name : defaultName);
                    files[mainName] = buffer.ToArray();
                }
                else
                {
                    files[normalize ? BundlePaths.Normalize(file.Name) : file.Name] = buffer.ToArray();
                }
            }

            return files.ContainsKey(mainName)
                ? (files, mainName, null)
                : (null, mainName, Problems.BadField(main, $"the multipart form has no file part named '{main}'; send the {defaultName} as a part named '{main}' and each file it names as a part named by its path relative to it."));
        }

        var type = request.ContentType ?? "";
        if (!(type.Contains("yaml", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, defaultName, Problems.Of(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported media type",
                $"send the {defaultName} as application/yaml, or as multipart/form-data with the files it names; got '{(type.Length == 0 ? "no content type" : type)}'."));
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        files[defaultName] = body.ToArray();
        return (files, defaultName, null);
    }
}
