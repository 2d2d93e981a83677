using System.Text;
using System.Xml;
using ReleaseGate.Core.Decisions;

namespace ReleaseGate.Cli.Output;

/// <summary>JUnit XML: one test case per check; fail is a failure, pending is skipped, the rest pass.</summary>
internal static class JUnitReport
{
    public static string Render(GateDecision decision)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var w = XmlWriter.Create(new StringWriterUtf8(sb), settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", $"releasegate/{decision.Workflow}");
            w.WriteAttributeString("tests", decision.Checks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", decision.Checks.Count(c => c.Status == CheckStatus.Fail).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("skipped", decision.Checks.Count(c => c.Status == CheckStatus.Pending).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("timestamp", decision.EvaluatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var check in decision.Checks)
            {
                w.WriteStartElement("testcase");
                var slash = check.Id.IndexOf('/', StringComparison.Ordinal);
                w.WriteAttributeString("classname", "releasegate." + (slash > 0 ? check.Id[..slash] : check.Id));
                w.WriteAttributeString("name", Clean(check.Id));
                switch (check.Status)
                {
                    case CheckStatus.Fail:
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", Clean(check.Summary));
                        w.WriteAttributeString("type", "blocked");
                        w.WriteString(Clean(check.Summary + (check.Cases.Count > 0 ? $"\nCases: {string.Join(", ", check.Cases)}" : "")));
                        w.WriteEndElement();
                        break;
                    case CheckStatus.Pending:
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", Clean(check.Summary));
                        w.WriteEndElement();
                        break;
                    default:
                        w.WriteElementString("system-out", Clean($"{DecisionJson.Word(check.Status)}: {check.Summary}"));
                        break;
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return sb.AppendLine().ToString();
    }

    /// <summary>Replaces characters XML cannot hold (control characters in model output) with U+FFFD.</summary>
    private static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) ? c : '\uFFFD'));

    private sealed class StringWriterUtf8(StringBuilder sb) : StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
