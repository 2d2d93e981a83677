using System.Text;
using Microsoft.Net.Http.Headers;
using ReleaseGate.Core.Formats;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// A release's attachments and prompt files, as the decision page links them: <c>GET /releases/{id}/attachments/{name}</c>
/// and <c>GET /releases/{id}/prompts/{name}</c>, by the name the manifest gives them. Uploaded files are untrusted: they
/// are always sent as plain text (or as bytes to save, when they are not UTF-8), never as HTML, with <c>nosniff</c> and a
/// sandboxing Content-Security-Policy, so that a file holding markup or script is shown as its text and can run nothing even
/// when opened on its own. <c>?download=1</c> sends it with <c>Content-Disposition: attachment</c>.
/// </summary>
internal static class AttachmentPages
{
    /// <summary>The Content-Security-Policy of a served file: a sandbox with nothing allowed.</summary>
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Maps the routes on the signed-in pages.</summary>
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.MapGet("/releases/{id:long}/attachments/{name}", (long id, string name, string? download, HttpContext http, IGateStore store) =>
            ServeAsync(id, "attachments", name, download, http, store));
        pages.MapGet("/releases/{id:long}/prompts/{name}", (long id, string name, string? download, HttpContext http, IGateStore store) =>
            ServeAsync(id, "prompts", name, download, http, store));
    }

    private static async Task<IResult> ServeAsync(long id, string kind, string name, string? download, HttpContext http, IGateStore store)
    {
        var ui = UiRequest.Of(http);
        var cancel = http.RequestAborted;
        if (await store.GetReleaseAsync(id, cancel) is not { } release)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, Api.ProblemCodes.UnknownRelease, "Unknown release", $"there is no release {id}; pick one from the releases page.");
        }

        var manifest = ReleaseParser.Parse(release.ManifestYaml, "release.yaml").Value;
        var path = kind == "prompts"
            ? manifest?.Prompts.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault()
            : manifest?.Attachments.Where(a => a.Name == name).Select(a => a.File).FirstOrDefault();
        var digest = path is null ? null : (await store.ListReleaseAttachmentsAsync(id, cancel)).FirstOrDefault(a => a.Name == path)?.Digest;
        if (path is null || digest is null || await store.GetAttachmentAsync(digest, cancel) is not { } file)
        {
            return ControlCenter.Problem(ui, StatusCodes.Status404NotFound, UiCodes.NotInRelease, "Not in this release",
                $"release {release.Version} of {release.Workflow} has no {(kind == "prompts" ? "prompt" : "attachment")} '{name}'{(path is null ? "" : " uploaded")}; its decision page lists the files it has.");
        }

        var bytes = file.Content.ToArray();
        var text = IsUtf8(bytes);
        var response = http.Response;
        ControlCenter.SecurityHeaders(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var disposition = new ContentDispositionHeaderValue(download is "1" or "true" || !text ? "attachment" : "inline");
        disposition.SetHttpFileName(System.IO.Path.GetFileName(path.Replace('\\', '/')) is { Length: > 0 } fileName ? fileName : name);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers["X-Content-Digest"] = file.Digest;
        return Results.Bytes(bytes, text ? "text/plain; charset=utf-8" : "application/octet-stream");
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
