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

    // ---- Production traces (TraceImporter) ----

    public static string TraceJson(string detail) =>
        $"the file is not valid JSON: {detail.TrimEnd('.')}. Give OpenAI chat-completions traces: one JSON object, a list of them, or one per line (JSON Lines).";

    public const string TraceRoot =
        "the file holds a value that is not a trace object; give OpenAI chat-completions traces: one JSON object {\"request\": …, \"response\": …}, a list of them, or one per line.";

    public const string NoTraces =
        "the file holds no trace; there is nothing to bank. Give a file with at least one OpenAI chat-completions trace.";

    public static string TooManyTraces(int max) =>
        $"the file holds more than {max} traces; split it into files of at most {max} and add them one by one.";

    public const string NotATrace =
        "this object is not a trace: it has neither 'request' nor 'messages'. Give {\"request\": {\"model\", \"messages\", \"tools\"}, \"response\": {\"choices\": [...]}}, or the request object itself with its 'response' or 'choices'.";

    public static string TraceField(int trace, string path, string expected) =>
        $"trace {trace}: '{path}' must be {expected}.";

    public static string TracePart(int trace, string path, string type) =>
        $"trace {trace}: '{path}' is a '{type}' part; only text parts can be replayed. Remove the part, or give its substance as text.";

    public static string TraceRole(int trace, string path, string role) =>
        $"trace {trace}: '{path}' is '{role}'; a message's role must be system, developer, user, assistant or tool (legacy 'function' messages: convert them to tool messages).";

    public static string TraceFunctionCall(int trace, string path) =>
        $"trace {trace}: '{path}' is the legacy single function call; convert it to 'tool_calls' with an id, which the tool's answer names.";

    public static string TraceToolCallId(int trace, string path, string id) =>
        $"trace {trace}: '{path}' is '{id}', which no earlier assistant tool call has as its id; a tool's answer must name the call it answers.";

    public static string TraceIdForSeveral(int count) =>
        $"a case id was given, but the file holds {count} traces; give one trace per file with an id, or leave the id out to name each trace by its request's hash.";

    public static string InvalidCaseId(string id) =>
        $"'{id}' is not a valid case id; use letters, digits, '.', '_' and '-', starting with a letter or a digit, at most {BankCaseIds.MaxLength} characters.";

    public static string TraceNoResponse(int trace) =>
        $"trace {trace} has no response: its original output is unknown.";

    public static string TraceChoices(int trace, int count) =>
        $"trace {trace}'s response has {count} choices; the first is kept as the original output.";

    public static string TraceDeveloper(int trace, int turn) =>
        $"trace {trace}: message {turn} has the role 'developer', banked as 'system' (the same role under OpenAI's newer name).";

    public static string TracePlaceholder(int trace, int turn) =>
        $"trace {trace}: message {turn} holds '{{{{', which eval run reads as a placeholder of a variable; give the case that variable, or reword the text, before the case is replayed.";

    public static string TraceEndsWithAssistant(int trace) =>
        $"trace {trace}'s conversation ends with an assistant message; a replay asks the model for the message after it.";

    public static string TraceDuplicate(int trace, int first) =>
        $"trace {trace} has the same request as trace {first}; it is left out (one case per request).";

    // ---- promptfoo failures (PromptfooFailures) ----

    public static string FailureErrored(string result) =>
        $"{result} is an error (the provider failed), not a failure of the model: it is not banked.";

    public static string FailureRepeat(string result, string first) =>
        $"{result} repeats the test of {first}: it is banked once.";

    public static string FailureNoAssertion(string result) =>
        $"{result} is left out: none of its assertions has a ReleaseGate equivalent, and a bank case needs one. Write the case by hand with an assertion that captures the failure.";

    public static string AssertionNoEquivalent(string type) =>
        $"the '{type}' assertion has no ReleaseGate equivalent and is left out.";

    public static string AssertionTransform(string type) =>
        $"the '{type}' assertion applies a 'transform', which ReleaseGate cannot run; it is left out.";

    public static string AssertionUnusable(string type, string reason) =>
        $"the '{type}' assertion cannot be carried over ({reason.TrimEnd('.')}); it is left out.";

    public static string AssertionTemplate(string type) =>
        $"the '{type}' assertion's value reads a variable the test does not have; it is left out.";

    public static string FailurePromptPlaceholder(string result) =>
        $"{result}'s prompt, replayed as its only message, holds '{{{{', which eval run reads as a placeholder of a variable; reword it before the case is replayed.";

    public static string SliceName(string slice) =>
        $"the slice '{slice}' is not a valid name (letters, digits, '.', '_' and '-', starting with a letter or a digit) and is left out.";
}
