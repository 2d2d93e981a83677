using System.Globalization;

namespace ReleaseGate.Core.Diagnostics;

/// <summary>
/// Every stable error code and the text of its message, in one place so that tests can assert them.
/// Each code has a page <c>docs/errors/RGnnnn.md</c> with examples and how to fix it.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The YAML is not well formed.</summary>
    public const string YamlSyntax = "RG1001";

    /// <summary>A tab character is used for indentation.</summary>
    public const string TabIndentation = "RG1002";

    /// <summary>A mapping has the same key twice.</summary>
    public const string DuplicateKey = "RG1003";

    /// <summary>A key is not part of the format.</summary>
    public const string UnknownKey = "RG1004";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "RG1005";

    /// <summary>A value has the wrong type.</summary>
    public const string WrongType = "RG1006";

    /// <summary>A value is out of its allowed range.</summary>
    public const string OutOfRange = "RG1007";

    /// <summary>A value is not one of the allowed words.</summary>
    public const string InvalidChoice = "RG1008";

    /// <summary>The <c>apiVersion</c> is missing or not supported.</summary>
    public const string UnsupportedApiVersion = "RG1009";

    /// <summary>The <c>kind</c> is not the one expected in this place.</summary>
    public const string WrongKind = "RG1010";

    /// <summary>A duration does not parse.</summary>
    public const string InvalidDuration = "RG1011";

    /// <summary>Two entries share an id that must be unique.</summary>
    public const string DuplicateId = "RG1012";

    /// <summary>A bracket or brace is never closed.</summary>
    public const string UnclosedBracket = "RG1013";

    /// <summary>A timestamp does not parse.</summary>
    public const string InvalidTimestamp = "RG1014";

    /// <summary>The file holds no document, or more than one.</summary>
    public const string DocumentCount = "RG1015";

    /// <summary>A check-id pattern is malformed.</summary>
    public const string InvalidPattern = "RG1016";

    /// <summary>A name (workflow, suite, slice, stage, id) has characters that cannot appear in a check id.</summary>
    public const string InvalidName = "RG1017";

    /// <summary>A policy rule or approval condition is not valid CEL.</summary>
    public const string PolicySyntax = "RG1018";

    /// <summary>A policy rule or approval condition reads a field the input document does not have.</summary>
    public const string PolicyUnknownField = "RG1019";

    /// <summary>A policy rule or approval condition does not evaluate to true or false.</summary>
    public const string PolicyNotBoolean = "RG1020";

    // Input limits (issue 16): RG1021–RG1029 for text and YAML, RG1105–RG1109 for JSON lines. See InputLimits.

    /// <summary>A YAML document nests lists and mappings deeper than <see cref="InputLimits.MaxYamlDepth"/>.</summary>
    public const string YamlTooDeep = "RG1021";

    /// <summary>A YAML document uses more aliases than <see cref="InputLimits.MaxYamlAliases"/>.</summary>
    public const string YamlTooManyAliases = "RG1022";

    /// <summary>A YAML document, with its aliases counted as copies, is larger than the expansion limits.</summary>
    public const string YamlExpansionTooLarge = "RG1023";

    /// <summary>A YAML file is larger than <see cref="InputLimits.MaxYamlDocumentBytes"/>.</summary>
    public const string DocumentTooLarge = "RG1024";

    /// <summary>A string in a YAML document is longer than <see cref="InputLimits.MaxStringLength"/>.</summary>
    public const string StringTooLong = "RG1025";

    /// <summary>A file or line is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "RG1026";

    /// <summary>A number in a YAML file is infinite or not a number (<c>.inf</c>, <c>.nan</c>, <c>1e999</c>).</summary>
    public const string NotFinite = "RG1027";

    /// <summary>An identifier (a version, a name, a file name) holds a control, format or other unprintable character.</summary>
    public const string UnsafeCharacter = "RG1030";

    /// <summary>An identifier holds a path separator, or an uploaded file's path is absolute or climbs out of its folder.</summary>
    public const string UnsafePath = "RG1031";

    /// <summary>An identifier is empty, too long, or starts or ends with a space.</summary>
    public const string IdentifierShape = "RG1032";

    /// <summary>Evidence holds more distinct cases than the reader keeps (the server's MaxEvidenceCases).</summary>
    public const string TooManyCases = "RG1033";

    /// <summary>A no-regression rule sends inconclusive comparisons to review, but the gate declares no review to do it.</summary>
    public const string InconclusiveWithoutReview = "RG1034";

    // The regression bank (issue 19): RG1035–RG1040.

    /// <summary>A case's conversation (<c>messages</c>) has no turn, ends on a turn the model cannot answer, or has a turn of the wrong shape for its role.</summary>
    public const string ConversationShape = "RG1035";

    /// <summary>A tool turn of a case's conversation answers a tool call that no earlier assistant turn made.</summary>
    public const string ToolCallUnknown = "RG1036";

    /// <summary>A case's <c>bank</c> state lacks what it needs (<c>quarantine</c>, <c>retired</c>), or carries what belongs to another state.</summary>
    public const string BankStateIncomplete = "RG1037";

    /// <summary>A case's <c>bank</c> gives some of the provenance fields (source, added_by, added_at, reason) but not all.</summary>
    public const string BankProvenanceIncomplete = "RG1038";

    /// <summary>A case's <c>bank.fingerprint</c> is not <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public const string BankFingerprintShape = "RG1039";

    /// <summary>A bank case or provenance sent as JSON is not valid JSON.</summary>
    public const string BankJsonSyntax = "RG1040";

    // Compliance and escalation (issue 20): RG1041–RG1049.

    /// <summary>A <c>compliance.schedule</c> is not a valid cron expression.</summary>
    public const string CronInvalid = "RG1041";

    /// <summary>A <c>compliance.timezone</c> names no time zone known here.</summary>
    public const string TimeZoneUnknown = "RG1042";

    /// <summary>A <c>compliance</c> section has no policies.</summary>
    public const string ComplianceNoPolicies = "RG1043";

    /// <summary>An <c>escalate</c> has an <c>after</c> of zero or an <c>every</c> shorter than a minute.</summary>
    public const string EscalationInterval = "RG1044";

    // ---- Input files in the wrong place, issue 22 (RG1045–RG1049) ----

    /// <summary>A file given where another kind was expected: a suite, gate or decision as results, results as a manifest.</summary>
    public const string MisplacedFile = "RG1045";

    /// <summary>A results line is not valid JSON.</summary>
    public const string ResultInvalidJson = "RG1101";

    /// <summary>A results line lacks a required field.</summary>
    public const string ResultMissingField = "RG1102";

    /// <summary>A results field has the wrong type or value.</summary>
    public const string ResultWrongType = "RG1103";

    /// <summary>A results line has neither <c>pass</c> nor <c>error</c>.</summary>
    public const string ResultNoOutcome = "RG1104";

    /// <summary>A JSONL line is longer than <see cref="InputLimits.MaxJsonLineBytes"/>.</summary>
    public const string LineTooLong = "RG1105";

    /// <summary>A JSON value nests arrays and objects deeper than <see cref="InputLimits.MaxJsonDepth"/>.</summary>
    public const string JsonTooDeep = "RG1106";

    /// <summary>A number in a JSON line is too large to be finite (<c>1e999</c>).</summary>
    public const string JsonNotFinite = "RG1107";

    /// <summary>An input file cannot be read.</summary>
    public const string FileUnreadable = "RG1201";

    /// <summary>The release manifest is for another workflow than the gate.</summary>
    public const string WorkflowMismatch = "RG1202";

    /// <summary>A suite file named by the gate holds another suite.</summary>
    public const string SuiteMismatch = "RG1203";

    /// <summary>The report file given with <c>--output</c> cannot be written.</summary>
    public const string OutputUnwritable = "RG1204";

    /// <summary>The command line is inconsistent.</summary>
    public const string Usage = "RG1301";

    // ---- The command line, issue 22 (RG1313–RG1329) ----

    /// <summary>The command line names a command (verb) that does not exist.</summary>
    public const string UnknownCommand = "RG1313";

    /// <summary>The command line gives an option the command does not have.</summary>
    public const string UnknownOption = "RG1314";

    /// <summary>An option's value is not one the option accepts (not one of its words, not a number, not a duration).</summary>
    public const string OptionValue = "RG1315";

    /// <summary><c>eval run</c> finished, but every execution of a target errored, or more than <c>--max-error-share</c> of them.</summary>
    public const string RunErrored = "RG1316";

    // ---- Eval runner and mock-model (RG1401–RG1449) ----

    /// <summary>A prompt template is malformed or names a variable the case does not have.</summary>
    public const string TemplateVariable = "RG1401";

    /// <summary>A target is not defined, or its settings cannot work (URL, JSON pointer, command, API key).</summary>
    public const string TargetInvalid = "RG1402";

    /// <summary>A CSV case file is malformed.</summary>
    public const string CsvCases = "RG1403";

    /// <summary>A suite has nothing to run: no cases, or no user prompt.</summary>
    public const string SuiteNotRunnable = "RG1404";

    /// <summary>A case has an <c>llm-rubric</c> assertion but no judge target was given.</summary>
    public const string JudgeMissing = "RG1405";

    /// <summary>The results file of a run cannot be written.</summary>
    public const string ResultsUnwritable = "RG1406";

    /// <summary>A mock-model rule is invalid: a regular expression that does not compile, or no answer.</summary>
    public const string MockRuleInvalid = "RG1407";

    /// <summary>A run was stopped before every execution finished; its results file is marked incomplete.</summary>
    public const string RunIncomplete = "RG1408";

    // Assertions, importers and init (RG1450–RG1499).

    /// <summary>An assertion's value is missing or has the wrong shape for its type.</summary>
    public const string AssertionValue = "RG1450";

    /// <summary>An assertion's regular expression does not compile.</summary>
    public const string AssertionRegex = "RG1451";

    /// <summary>An assertion's JSON Schema is not a valid schema.</summary>
    public const string AssertionSchema = "RG1452";

    /// <summary>An assertion's JSON pointer is malformed.</summary>
    public const string AssertionPointer = "RG1453";

    /// <summary>An assertion's threshold is out of range or has no meaning for its type.</summary>
    public const string AssertionThreshold = "RG1454";

    /// <summary>A promptfoo results file is not valid JSON or not promptfoo's output.</summary>
    public const string ImportPromptfoo = "RG1470";

    /// <summary>A JUnit XML file is not well formed or not a JUnit report.</summary>
    public const string ImportJUnit = "RG1471";

    /// <summary><c>init</c> would overwrite a file that exists.</summary>
    public const string InitFileExists = "RG1490";

    // Storage and the ledger (issue 5): RG1501–RG1549.

    /// <summary>The database cannot be opened or reached.</summary>
    public const string StoreUnavailable = "RG1501";

    /// <summary>The database was migrated by a newer ReleaseGate than this one.</summary>
    public const string StoreSchemaTooNew = "RG1502";

    /// <summary>A migration failed, or the database is behind and migrations were not allowed.</summary>
    public const string StoreMigrationFailed = "RG1503";

    /// <summary>Another writer changed the same record first.</summary>
    public const string StoreConcurrencyConflict = "RG1504";

    /// <summary>A record with the same unique key exists.</summary>
    public const string StoreDuplicate = "RG1505";

    /// <summary>A row of releases, decisions, approvals or waivers is not what the ledger's entries imply: it was written outside ReleaseGate.</summary>
    public const string StateMismatch = "RG1510";

    /// <summary><c>audit verify --decisions</c> derived a recorded decision again from the records it names and got another decision, or could not derive it.</summary>
    public const string DecisionNotDerivable = "RG1511";

    /// <summary>A write refers to a record that does not exist.</summary>
    public const string StoreNotFound = "RG1506";

    /// <summary><c>audit verify</c> found a ledger entry that does not verify.</summary>
    public const string LedgerBroken = "RG1507";

    /// <summary>No database was named (<c>--db</c> or <c>RELEASEGATE_DB</c>).</summary>
    public const string StoreNotConfigured = "RG1508";

    /// <summary>The store refused to change or delete a kept record (evidence, decisions, ledger entries).</summary>
    public const string StoreRetention = "RG1509";

    internal static string Format(string text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, text, args);
}
