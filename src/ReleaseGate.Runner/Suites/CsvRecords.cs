using System.Text;

namespace ReleaseGate.Runner.Suites;

/// <summary>Reads RFC 4180 CSV records one at a time: quoted fields may hold commas, quotes (doubled) and newlines.</summary>
internal static class CsvRecords
{
    /// <summary>A record and the line it starts on, or a problem (an unclosed quote) and its line.</summary>
    public readonly record struct Record(List<string> Fields, int Line, string? Problem);

    public static IEnumerable<Record> Read(TextReader reader)
    {
        var line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        var recordLine = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0)
                    {
                        yield return new Record(fields, recordLine, null);
                    }

                    fields = [];
                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    atFieldStart = false;
                    break;
            }
        }

        if (quoted)
        {
            yield return new Record([], recordLine, RunnerMessages.CsvQuote(recordLine));
            yield break;
        }

        if (any)
        {
            fields.Add(field.ToString());
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                yield return new Record(fields, recordLine, null);
            }
        }
    }
}
