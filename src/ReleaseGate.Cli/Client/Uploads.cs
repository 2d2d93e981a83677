using System.Net.Http.Headers;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Cli.Client;

/// <summary>Builds the multipart uploads of a gate (with the files it names) and of a release (with its prompts and attachments).</summary>
internal static class Uploads
{
    /// <summary>The gate and every file it names, or the errors that stop the upload (the server checks the rest).</summary>
    public static (MultipartFormDataContent? Content, List<GateError> Errors) Gate(string path)
    {
        var errors = new List<GateError>();
        var content = new MultipartFormDataContent();
        var text = Read(path, errors);
        if (text is null)
        {
            return (null, errors);
        }

        var name = Path.GetFileName(path);
        Add(content, "gate", name, text);
        var gate = GateParser.Parse(text, path);
        if (gate.Value is not { } parsed)
        {
            // Let the server report the gate's errors with every other one; the bundle is just the gate.
            return (content, errors);
        }

        var folder = Path.GetDirectoryName(path) ?? "";
        var named = parsed.PolicyIncludes.Select(i => i.File).Concat(parsed.Evals.Select(e => e.File)).Append(parsed.Regressions?.File).OfType<string>();
        foreach (var file in named.Distinct(StringComparer.Ordinal))
        {
            var relative = BundlePaths.Relative(name, file);
            var fileText = Read(Path.Combine(folder, relative), errors);
            if (fileText is null)
            {
                continue;
            }

            Add(content, relative, relative, fileText);
            if (SuiteParser.Parse(fileText, relative).Value is { } suite)
            {
                foreach (var caseFile in suite.CaseFiles)
                {
                    var casePath = BundlePaths.Relative(relative, caseFile);
                    if (Read(Path.Combine(folder, casePath), errors) is { } cases)
                    {
                        Add(content, casePath, casePath, cases);
                    }
                }
            }
        }

        return (errors.Count == 0 ? content : null, errors);
    }

    /// <summary>The manifest and every prompt and attachment it names, each part named by the path the manifest writes.</summary>
    public static (MultipartFormDataContent? Content, List<GateError> Errors) Release(string path)
    {
        var errors = new List<GateError>();
        var text = Read(path, errors);
        if (text is null)
        {
            return (null, errors);
        }

        var content = new MultipartFormDataContent();
        Add(content, "manifest", Path.GetFileName(path), text);
        var manifest = ReleaseParser.Parse(text, path);
        errors.AddRange(manifest.Errors);
        foreach (var file in manifest.Value?.ReferencedFiles() ?? [])
        {
            var full = Path.IsPathRooted(file) ? file : Path.Combine(Path.GetDirectoryName(path) ?? "", file);
            if (File.Exists(full))
            {
                var bytes = new ByteArrayContent(File.ReadAllBytes(full));
                bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Add(bytes, file, Path.GetFileName(file));
            }

            // A missing attachment is not an upload error: the gate's evidence check fails on it, as 'check' does.
        }

        return (errors.Count == 0 ? content : null, errors);
    }

    private static void Add(MultipartFormDataContent content, string name, string fileName, string text)
    {
        var part = new StringContent(text);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/yaml") { CharSet = "utf-8" };
        content.Add(part, name, Path.GetFileName(fileName));
    }

    private static string? Read(string path, List<GateError> errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Input.InputFiles.Unreadable(path, ex));
            return null;
        }
    }
}
