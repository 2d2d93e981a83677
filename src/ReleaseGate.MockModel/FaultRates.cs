using System.Globalization;

namespace ReleaseGate.MockModel;

/// <summary>How often the mock model fails on purpose, each a probability per request in [0, 1].</summary>
/// <param name="RateLimited">Answer 429 with <c>Retry-After</c> and <c>retry-after-ms</c>.</param>
/// <param name="ServerError">Answer 500.</param>
/// <param name="Timeout">Never answer (until the client gives up).</param>
/// <param name="Malformed">Answer 200 with a body that is not valid JSON.</param>
public sealed record FaultRates(double RateLimited, double ServerError, double Timeout, double Malformed)
{
    /// <summary>No faults.</summary>
    public static FaultRates None { get; } = new(0, 0, 0, 0);

    /// <summary>The sum of the rates; at most 1.</summary>
    public double Total => RateLimited + ServerError + Timeout + Malformed;

    /// <summary>
    /// Parses <c>429=0.1,500=0.05,timeout=0.01,malformed=0.01</c> (any subset, any order).
    /// Returns null and a reason when the text is not of that form or the rates add up to more than 1.
    /// </summary>
    public static FaultRates? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rates = None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
            {
                problem = $"'{part}' is not KIND=RATE with a rate between 0 and 1";
                return null;
            }

            switch (pair[0])
            {
                case "429": rates = rates with { RateLimited = rate }; break;
                case "500": rates = rates with { ServerError = rate }; break;
                case "timeout": rates = rates with { Timeout = rate }; break;
                case "malformed": rates = rates with { Malformed = rate }; break;
                default:
                    problem = $"unknown fault '{pair[0]}'; the kinds are 429, 500, timeout and malformed";
                    return null;
            }
        }

        if (rates.Total > 1)
        {
            problem = "the rates add up to more than 1";
            return null;
        }

        problem = null;
        return rates;
    }
}
