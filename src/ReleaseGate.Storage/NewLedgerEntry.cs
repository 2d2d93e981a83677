using System.Text.Json.Nodes;

namespace ReleaseGate.Storage;

/// <summary>An event to append to the ledger (DESIGN §7).</summary>
/// <param name="Actor">Who caused it (a user name, <c>system</c>).</param>
/// <param name="Type">What happened, e.g. <c>release.submitted</c>, <c>approval.given</c>.</param>
/// <param name="Subject">What it happened to, e.g. <c>release:support-agent@sha256:…</c>.</param>
/// <param name="Payload">The event's details; stored in its RFC 8785 canonical form.</param>
public sealed record NewLedgerEntry(string Actor, string Type, string Subject, JsonNode? Payload);
