using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Reads a document's root mapping and checks its <c>apiVersion</c> and <c>kind</c>.</summary>
public static class DocumentHeader
{
    internal const string ApiVersion = "releasegate/v1";

    /// <summary>Returns the root mapping, or null when the text is not a usable document of <paramref name="kind"/>.</summary>
    public static MappingReader? Open(string text, YamlReadContext context, string kind)
    {
        var root = YamlDocumentReader.Read(text, context.File, context.Errors);
        if (root is null)
        {
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            context.Error(ErrorCodes.WrongType, Messages.RootNotMapping, root);
            return null;
        }

        var reader = new MappingReader(context, mapping, kind.ToLowerInvariant());
        var apiNode = reader.Get("apiVersion");
        var api = context.String(apiNode, "apiVersion");
        if (api != ApiVersion)
        {
            context.Error(ErrorCodes.UnsupportedApiVersion, Messages.ApiVersion(api), apiNode ?? mapping);
        }

        var kindNode = reader.Get("kind");
        var actual = context.String(kindNode, "kind");
        if (actual != kind)
        {
            context.Error(ErrorCodes.WrongKind, Messages.Kind(actual, kind), kindNode ?? mapping);
            return null;
        }

        return reader;
    }
}
