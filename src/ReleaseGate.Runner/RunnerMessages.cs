namespace ReleaseGate.Runner;

/// <summary>The text of the runner's error messages, in one place so that tests can assert them.</summary>
internal static class RunnerMessages
{
    public static string TemplateUnclosed(string excerpt) =>
        $"the placeholder at '{excerpt}' is never closed; write {{{{name}}}} with two closing braces.";

    public static string TemplateName(string placeholder) =>
        $"'{placeholder}' is not a variable name; use letters, digits, '_' and '-', with '.' for nested values, such as {{{{order.id}}}}.";

    public static string TemplateMissing(string what, string variable, string caseId) =>
        $"the {what} reads '{{{{{variable}}}}}', which case '{caseId}' does not define; add it to the case's vars or to defaults.vars.";

    public static string NoUserPromptFor(string caseId) =>
        $"the suite has no 'prompts.user' template, and case '{caseId}' has no 'messages' of its own; give the suite a user prompt, such as user: \"{{{{question}}}}\", or the case a conversation.";

    public static string InTurn(string turn, string caseId, string message) =>
        $"the {turn} of case '{caseId}': {message}";

    public const string NoCases = "the suite has no cases; add some under 'cases' or in 'case_files'.";

    public static string JudgeMissing(string caseId) =>
        $"case '{caseId}' has an llm-rubric assertion but no judge target was given; pass --judge-target ID (a target that grades), or remove the assertion.";

    public static string UnknownTarget(string id, IEnumerable<string> known) =>
        $"no target '{id}'" + (known.Any() ? $"; the targets file defines {string.Join(", ", known)}." : "; pass --targets FILE, or write it inline as openai:MODEL@BASE_URL, http:URL or command:PROGRAM.");

    public static string NotAbsoluteUrl(string key, string value) =>
        $"'{key}' must be an absolute http or https URL, such as http://127.0.0.1:8787/v1; got '{value}'.";

    public static string Pointer(string key, string value) =>
        $"'{key}' must be a JSON pointer such as /choices/0/message/content (empty, or starting with '/'); got '{value}'.";

    public static string ApiKeyMissing(string variable, string target) =>
        $"target '{target}' reads its API key from the environment variable {variable}, which is not set; export it, or name another with 'api_key_env'.";

    public static string EmptyCommand(string target) =>
        $"target '{target}' has an empty 'command'; give the program and its arguments as a list, such as [python3, agent.py].";

    public static string CsvQuote(int line) =>
        $"a quoted field opened on line {line} is never closed; end it with a double quote (write \"\" for a quote inside a field).";

    public static string CsvWidth(int expected, int actual) =>
        $"the row has {actual} fields but the header has {expected}; quote fields that contain commas.";

    public static string CsvNoId(string columns) =>
        $"the CSV header has no 'id' column (it has {columns}); every case needs an id.";

    public static string Unwritable(string path, string reason) =>
        $"cannot write the results file {path}: {reason.TrimEnd('.')}. Check that the folder exists and is writable.";

    public static string Unreadable(string path, string reason) =>
        $"cannot read {path}: {reason}. Check the path, which is relative to the suite file.";

    public static string ReservedParameter(string key, string target) => key switch
    {
        "model" => $"target '{target}' sets 'model' in its parameters, which the runner sends itself; give the model as the target's 'model'.",
        "messages" => $"target '{target}' sets 'messages' in its parameters, which the runner sends itself: the suite's prompts or the case's conversation; remove it.",
        "tools" => $"target '{target}' sets 'tools' in its parameters, which the runner sends itself; define tools under the target's 'tools'.",
        "n" => $"target '{target}' sets 'n' in its parameters, but each execution reads one answer; remove it, and pass --repeat N to run each case N times.",
        _ => $"target '{target}' sets '{key}' in its parameters, but the runner reads one whole answer, not a stream; remove it.",
    };

    public static string ParameterName(string key) =>
        $"parameter '{key}' is not a request field's name; parameters are sent as written under their own names, such as max_tokens or top_p (letters, digits and '_').";

    // A target's failures, as a result line's error says them; the server's own words are passed in escaped and cut.

    public static string NoOutputAtPointer(string pointer) => $"the answer has no value at the output pointer '{pointer}'";

    public static string NullAtPointer(string pointer) =>
        $"the answer's value at the output pointer '{pointer}' is null, not an output; point 'output' at the answer's text.";

    public static string HttpStatus(string status, string detail) => $"HTTP {status}: {detail}";

    public static string ErrorInAnswer(string status, string detail) => $"the endpoint answered {status} with an error: {detail}";

    public static string NoChoices(string status) =>
        $"the endpoint's answer is not a valid chat completion: HTTP {status} with an empty 'choices' list (a completion has at least one choice).";

    public static string NoChoicesList(string status) =>
        $"the endpoint's answer is not a valid chat completion: HTTP {status} without a 'choices' list; check that base_url is the API's /v1 address.";

    public static string AnswerNotAnObject(string status, string excerpt) =>
        $"the endpoint's answer is not a valid chat completion: HTTP {status} with something other than a JSON object: {excerpt}";

    public static string AnswerNotJson(string status, string problem, string excerpt) =>
        $"the endpoint's answer is not a valid chat completion: HTTP {status} with invalid JSON ({problem}): {excerpt}";

    public static string PromptFile(string path, string reason) =>
        $"cannot read the system prompt file {path}: {reason}. Check the path, which is relative to the targets file.";
}
