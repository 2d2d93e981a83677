namespace ReleaseGate.Runner.Import;

/// <summary>The text of every importer error, in one place so that tests can assert them.</summary>
internal static class ImportMessages
{
    public static string XmlSyntax(string detail) =>
        $"the file is not well-formed XML: {detail.TrimEnd('.')}. A JUnit report is an XML file such as pytest --junitxml or Maven Surefire writes.";

    public static string XmlRoot(string name) =>
        $"the root element is <{name}>, but a JUnit report starts with <testsuites> or <testsuite>.";

    public const string XmlDtd =
        "the file declares a DTD, which JUnit reports never need and which is not read for safety; remove the <!DOCTYPE> declaration.";

    public static string TestcaseName() =>
        "a <testcase> has no 'name' attribute; every test case needs a name to become a case id.";

    public const string NoTestcases =
        "the report holds no <testcase>; there is nothing to import. Check that the tests ran and that this is the right file.";

    public static string JsonSyntax(string detail) =>
        $"the file is not valid JSON: {detail.TrimEnd('.')}. Give the file that 'promptfoo eval -o results.json' writes.";

    public static string NotPromptfoo(string what) =>
        $"this is not a promptfoo results file: {what}. Give the file that 'promptfoo eval -o results.json' writes (output format JSON, version 3).";

    public static string PromptfooVersion(long version) =>
        $"promptfoo results version {version} is not supported; this importer reads version 3 (promptfoo 0.100 and later). Re-run the eval with a current promptfoo.";

    public static string PromptfooField(string field, string expected) =>
        $"'{field}' of a promptfoo result must be {expected}.";

    public static string SeveralProviders(IEnumerable<string> providers) =>
        $"the file holds results of several providers ({string.Join(", ", providers.Select(p => $"'{p}'"))}); choose one with --provider.";

    public static string UnknownProvider(string provider, IEnumerable<string> providers) =>
        $"no results of provider '{provider}' in the file; it holds {string.Join(", ", providers.Select(p => $"'{p}'"))}.";

    public const string NoPromptfooResults =
        "the file holds no results; there is nothing to import. Check that the eval ran its tests.";
}
