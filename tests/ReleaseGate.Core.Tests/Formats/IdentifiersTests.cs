using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

/// <summary>The one identifier rule: printable text, no path separators; part names are clean relative paths.</summary>
public class IdentifiersTests
{
    private static readonly SourceLocation Here = SourceLocation.OfFile("x");

    [Theory]
    [InlineData("2026.11.3")]
    [InlineData("v6.0-rc.1")]
    [InlineData("6.0 (hotfix)")]
    [InlineData("é-版本-😀")]
    public void Printable_versions_are_clean(string version) => Assert.Null(Identifiers.Version(version, Here));

    [Theory]
    [InlineData("6.0\u001b[2K\rAPPROVED", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\0", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u0007", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u202E", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u2066", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u200B", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u0085", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\u2028", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\uE000", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0\n", ErrorCodes.UnsafeCharacter)]
    [InlineData("6.0/1", ErrorCodes.UnsafePath)]
    [InlineData("6.0\\1", ErrorCodes.UnsafePath)]
    [InlineData("..", ErrorCodes.UnsafePath)]
    [InlineData("", ErrorCodes.IdentifierShape)]
    [InlineData(" 6.0", ErrorCodes.IdentifierShape)]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", ErrorCodes.IdentifierShape)]
    [InlineData("SHA256:abc", ErrorCodes.IdentifierShape)]
    public void Unclean_versions_are_refused_with_their_code(string version, string code)
    {
        var error = Identifiers.Version(version, Here);

        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.Equal(-1, DisplayText.IndexOfUnsafe(error.Message));
    }

    [Fact]
    public void A_lone_surrogate_is_unprintable_and_shown_as_its_code()
    {
        // Built in code: attribute data would turn a lone surrogate into U+FFFD.
        var text = "6.0" + (char)0xD800;

        Assert.Equal(ErrorCodes.UnsafeCharacter, Identifiers.Version(text, Here)?.Code);
        Assert.Equal("6.0\\u{D800}", DisplayText.Escape(text));
    }

    [Fact]
    public void A_version_longer_than_the_limit_is_refused() =>
        Assert.Equal(ErrorCodes.IdentifierShape, Identifiers.Version(new string('1', Identifiers.MaxVersionLength + 1), Here)?.Code);

    [Theory]
    [InlineData("prompts/system.md")]
    [InlineData("../prompts/system.md")]
    [InlineData("suites/core/cases.jsonl")]
    public void Relative_part_names_within_one_folder_up_are_clean(string name) => Assert.Null(Identifiers.UploadPath(name, "part name", Here));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    [InlineData("a\\b")]
    [InlineData("a/../../b")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("..")]
    [InlineData("a/\u001bb")]
    public void Part_names_that_climb_or_are_absolute_or_unclean_are_refused(string name) =>
        Assert.NotNull(Identifiers.UploadPath(name, "part name", Here));

    [Fact]
    public void A_manifest_version_with_an_escape_is_RG1030_at_its_location_and_shown_escaped()
    {
        var result = ReleaseParser.Parse("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: \"6.0\\e[2K\\rAPPROVED\"\n", "r.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("r.yaml:4:10: RG1030: version '6.0\\e[2K\\rAPPROVED' holds the unprintable character U+001B at position 4; use printable text only (no control characters, escape sequences, bidirectional overrides or other invisible characters).", error.ToString());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u001b[2Kb", "a\\e[2Kb")]
    [InlineData("a\rb\nc\td\0", "a\\rb\\nc\\td\\0")]
    [InlineData("a\u202Eb", "a\\u{202E}b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("é😀", "é😀")]
    public void Display_text_escapes_what_a_terminal_would_obey(string text, string shown) => Assert.Equal(shown, DisplayText.Escape(text));
}
