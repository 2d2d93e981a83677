namespace ReleaseGate.Storage;

/// <summary>A webhook subscription to store (<see cref="IGateTransaction.AddWebhookAsync"/>).</summary>
/// <param name="Workflow">The workflow whose events it receives; null for every workflow.</param>
/// <param name="ReleaseId">Set for a callback scoped to one release: it receives only that release's events.</param>
/// <param name="Url">Where deliveries are sent.</param>
/// <param name="Events">The event type words it receives; <c>*</c> receives every type. At least one.</param>
/// <param name="Format">How a delivery is written (<c>cloudevents</c>, <c>slack</c>, <c>commit-status</c>, …): the store keeps the word as text.</param>
/// <param name="Secret">The key deliveries are signed with.</param>
/// <param name="CreatedBy">Who subscribed.</param>
public sealed record NewWebhook(string? Workflow, long? ReleaseId, string Url, IReadOnlyList<string> Events, string Format, string Secret, string CreatedBy);
