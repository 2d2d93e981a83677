using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses and validates <c>kind: Waivers</c> files, used by local <c>releasegate check --waivers</c>.</summary>
public static class WaiversParser
{
    /// <summary>Parses a waivers file from its text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <returns>The waivers, or every error found in the file.</returns>
    public static ParseResult<WaiverList> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Waivers");
        if (root is null)
        {
            return ParseResult<WaiverList>.Failed(context.Errors);
        }

        var waivers = new List<Waiver>();
        foreach (var node in root.Sequence("waivers", required: true))
        {
            if (context.Mapping(node, "waivers", "a waiver") is not { } m)
            {
                continue;
            }

            var check = m.String("check", required: true);
            if (check is not null && CheckPattern.Validate(check) is { } problem)
            {
                context.Error(ErrorCodes.InvalidPattern, Messages.Pattern(check, problem), m.Get("check")!);
            }

            var release = m.String("release", required: true);
            var reason = m.String("reason", required: true);
            var grantedBy = m.String("granted_by", required: true);
            var grantedAt = m.Timestamp("granted_at");
            var expires = m.Timestamp("expires", required: true);
            if (grantedAt is { } g && expires is { } e && e <= g)
            {
                context.Error(ErrorCodes.OutOfRange, Messages.OutOfRange("expires", "later than granted_at", TimestampText.Format(e)), m.Get("expires")!);
            }

            m.Finish();
            if (check is not null && release is not null && reason is not null && grantedBy is not null && expires is not null)
            {
                waivers.Add(new Waiver
                {
                    Check = check,
                    Release = release,
                    Reason = reason,
                    GrantedBy = grantedBy,
                    GrantedAt = grantedAt,
                    Expires = expires.Value,
                    Location = m.Location,
                });
            }
        }

        root.Finish();
        return context.Errors.Count == 0 ? ParseResult<WaiverList>.Ok(new WaiverList(file, waivers)) : ParseResult<WaiverList>.Failed(context.Errors);
    }
}
