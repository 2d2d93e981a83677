using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ReleaseGate.Server.Api;

/// <summary>
/// The JSON contract of every body the API reads or writes, generated at build time: under Native AOT there is no
/// reflection-based serialization. The options are the ones the API has always used (ASP.NET Core's web defaults with
/// snake_case property names), so that the wire format does not depend on which serializer runs; registered first in
/// <c>ConfigureHttpJsonOptions</c>, whose options govern at run time. The CLI's client writes its request bodies
/// through it too, so both ends share one contract.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WorkflowV1))]
[JsonSerializable(typeof(List<WorkflowV1>))]
[JsonSerializable(typeof(GateRegisteredV1))]
[JsonSerializable(typeof(ReleaseV1))]
[JsonSerializable(typeof(List<ReleaseV1>))]
[JsonSerializable(typeof(DecisionRecordV1))]
[JsonSerializable(typeof(List<DecisionRecordV1>))]
[JsonSerializable(typeof(EvidenceStoredV1))]
[JsonSerializable(typeof(VoteRequestV1))]
[JsonSerializable(typeof(ApprovalV1))]
[JsonSerializable(typeof(List<ApprovalV1>))]
[JsonSerializable(typeof(WaiverRequestV1))]
[JsonSerializable(typeof(RevokeRequestV1))]
[JsonSerializable(typeof(WaiverV1))]
[JsonSerializable(typeof(List<WaiverV1>))]
[JsonSerializable(typeof(LedgerEntryV1))]
[JsonSerializable(typeof(List<LedgerEntryV1>))]
[JsonSerializable(typeof(LedgerVerificationV1))]
[JsonSerializable(typeof(UserRequestV1))]
[JsonSerializable(typeof(GroupRequestV1))]
[JsonSerializable(typeof(MemberRequestV1))]
[JsonSerializable(typeof(TokenRequestV1))]
[JsonSerializable(typeof(TokenCreatedV1))]
[JsonSerializable(typeof(TokenV1))]
[JsonSerializable(typeof(List<TokenV1>))]
[JsonSerializable(typeof(UserV1))]
[JsonSerializable(typeof(GroupV1))]
[JsonSerializable(typeof(CallerV1))]
[JsonSerializable(typeof(ReviewNextRequestV1))]
[JsonSerializable(typeof(ReviewVerdictRequestV1))]
[JsonSerializable(typeof(ReviewItemSummaryV1))]
[JsonSerializable(typeof(List<ReviewItemSummaryV1>))]
[JsonSerializable(typeof(ReviewItemV1))]
[JsonSerializable(typeof(ReviewVerdictStoredV1))]
[JsonSerializable(typeof(BankAddRequestV1))]
[JsonSerializable(typeof(List<BankAddedV1>))]
[JsonSerializable(typeof(List<BankCaseSummaryV1>))]
[JsonSerializable(typeof(BankCaseV1))]
[JsonSerializable(typeof(BankStateRequestV1))]
[JsonSerializable(typeof(ComplianceRunV1))]
[JsonSerializable(typeof(List<ComplianceRunV1>))]
[JsonSerializable(typeof(FindingV1))]
[JsonSerializable(typeof(List<FindingV1>))]
[JsonSerializable(typeof(FindingChangeRequestV1))]
[JsonSerializable(typeof(WebhookRequestV1))]
[JsonSerializable(typeof(CallbackRequestV1))]
[JsonSerializable(typeof(WebhookCreatedV1))]
[JsonSerializable(typeof(WebhookV1))]
[JsonSerializable(typeof(List<WebhookV1>))]
[JsonSerializable(typeof(WebhookTestV1))]
[JsonSerializable(typeof(WebhookDeliveryV1))]
[JsonSerializable(typeof(List<WebhookDeliveryV1>))]
[JsonSerializable(typeof(JsonNode))]
// The values of a problem's extensions (Problems.Of): its code, and the list of errors.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<string>))]
// Bodies the CLI sends as plain string maps: a waiver grant (its expiry as TimestampText writes it, 2026-12-01T00:00:00Z,
// which WaiverRequestV1's DateTimeOffset would write as +00:00), and ship's empty object.
[JsonSerializable(typeof(Dictionary<string, string?>))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
