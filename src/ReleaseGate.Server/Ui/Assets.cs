using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The Control Center's stylesheet and script, shipped inside the server's assembly (no CDN, nothing fetched at run time)
/// and served under <c>/assets/</c>. Their URLs carry a digest of their content, so a browser may keep them forever and
/// still picks up a new version.
/// </summary>
internal static class Assets
{
    private sealed record Asset(byte[] Content, string ContentType, string Version);

    private static readonly FrozenDictionary<string, Asset> Files = Load();

    /// <summary>The URL of asset <paramref name="name"/> with its version.</summary>
    public static string Url(string name) => $"/assets/{name}?v={Files[name].Version}";

    /// <summary>Serves an asset; an unknown name is 404.</summary>
    public static IResult Serve(string name, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Files.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = context.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = $"\"{asset.Version}\"";
        ControlCenter.SecurityHeaders(context.Response);
        return context.Request.Headers.IfNoneMatch == $"\"{asset.Version}\""
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(Assets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream($"ReleaseGate.Server.Ui.Assets.{name}")
                ?? throw new InvalidOperationException($"the server was built without its asset '{name}'");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            files[name] = new Asset(content, type, Convert.ToHexString(SHA256.HashData(content))[..16].ToLowerInvariant());
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
