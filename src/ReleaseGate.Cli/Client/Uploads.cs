using System.Net.Http.Headers;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;

namespace ReleaseGate.Cli.Client;

/// <summary>Builds the multipart uploads of a gate (with the files it names) and of a release (with its prompts and attachments).</summary>
internal static class Uploads
{
    /// <summary>
    /// The gate and every file it names, read by the loader <c>check</c> uses, with the workflow the gate is for; or the
    /// errors that stop the upload (a file that cannot be read). A gate that is read but not valid is sent all the same:
    /// the server reports its errors as it would to any client.
    /// </summary>
    public static (MultipartFormDataContent? Content, string? Workflow, IReadOnlyList<GateError> Errors) Gate(string path)
    {
        var loaded = GateBundleLoader.LoadFile(path, keepFiles: true);
        if (loaded.Bundle is not { } bundle)
        {
            return (null, null, loaded.Errors);
        }

        var content = new MultipartFormDataContent();
        foreach (var (name, text) in bundle.Files)
        {
            Add(content, name == bundle.GateFile ? "gate" : name, name, text);
        }

        return (content, loaded.Gate?.Gate.Workflow ?? GateParser.Parse(bundle.Files[bundle.GateFile], path).Value?.Workflow, loaded.Errors);
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

    // Read as 'check' reads it (strict UTF-8, within the size limit), so the server gets exactly the file's bytes.
    private static string? Read(string path, List<GateError> errors) => Input.InputFiles.ReadText(path, errors);
}
