namespace ReleaseGate.Storage;

/// <summary>Where a webhook delivery stands; written as the words of <see cref="DeliveryStates"/>.</summary>
public enum DeliveryState
{
    /// <summary>Waiting to be sent, or to be sent again (<c>pending</c>).</summary>
    Pending,

    /// <summary>The receiver accepted it (<c>delivered</c>).</summary>
    Delivered,

    /// <summary>Given up on: a dead letter, until replayed (<c>dead</c>).</summary>
    Dead,
}
