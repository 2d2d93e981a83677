namespace ReleaseGate.Storage;

/// <summary>
/// A stored webhook subscription. Only <see cref="DisabledAt"/> and <see cref="DisabledBy"/> ever change; it is never deleted. Two
/// records are equal when their fields are, <see cref="Events"/> compared word by word.
/// </summary>
/// <param name="Id">The store's id.</param>
/// <param name="Workflow">The workflow whose events it receives; null for every workflow.</param>
/// <param name="ReleaseId">The one release it is scoped to, if any.</param>
/// <param name="Url">Where deliveries are sent.</param>
/// <param name="Events">The event type words it receives, as given; <c>*</c> receives every type.</param>
/// <param name="Format">How a delivery is written, as given.</param>
/// <param name="Secret">The key deliveries are signed with.</param>
/// <param name="CreatedBy">Who subscribed.</param>
/// <param name="CreatedAt">When (store clock).</param>
/// <param name="DisabledAt">When it was disabled, if it was: it then receives nothing and its pending deliveries are not claimed.</param>
/// <param name="DisabledBy">Who disabled it.</param>
public sealed record WebhookRecord(
    long Id, string? Workflow, long? ReleaseId, string Url, IReadOnlyList<string> Events, string Format, string Secret, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledBy)
{
    /// <summary>Whether <paramref name="other"/> has the same fields, <see cref="Events"/> compared word by word.</summary>
    public bool Equals(WebhookRecord? other) =>
        other is not null
        && (Id, Workflow, ReleaseId, Url, Format, Secret, CreatedBy, CreatedAt, DisabledAt, DisabledBy)
            == (other.Id, other.Workflow, other.ReleaseId, other.Url, other.Format, other.Secret, other.CreatedBy, other.CreatedAt, other.DisabledAt, other.DisabledBy)
        && Events.SequenceEqual(other.Events, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Url, CreatedAt, DisabledAt, Events.Count);
}
