using Xunit;

namespace ReleaseGate.Cli.Tests.Install;

/// <summary>
/// A test of an install path (pack and install the tool, unpack the release archive) that always runs on CI (CI=true) and
/// locally unless skipped on purpose with <c>RELEASEGATE_TEST_SKIP_INSTALL=1</c>, or, when it needs an artifact CI builds
/// (named by the constructor's argument), until that artifact is given.
/// </summary>
internal sealed class InstallFactAttribute : FactAttribute
{
    public const string SkipVariable = "RELEASEGATE_TEST_SKIP_INSTALL";

    public InstallFactAttribute(string? artifactVariable = null)
    {
        if (OnCi)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            Skip = $"{SkipVariable}=1 skips the install tests (never on CI)";
        }
        else if (artifactVariable is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(artifactVariable)))
        {
            Skip = $"needs {artifactVariable} (.ci/run sets it after building it); on CI this fails instead";
        }
    }

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
