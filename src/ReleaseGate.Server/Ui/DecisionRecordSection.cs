using ReleaseGate.Storage;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// The record part of a release's decision page: components and changes against the baseline, attachments, policies with
/// their rules, waivers, and the decision history with what changed each time.
/// </summary>
internal static class DecisionRecordSection
{
    /// <summary>Writes the record of <paramref name="release"/>.</summary>
    public static Task WriteAsync(Html html, UiRequest ui, IGateStore store, ReleaseRecord release, DecisionView decision) => Task.CompletedTask;
}
