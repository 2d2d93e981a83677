using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ReleaseGate.Server.Ui;

/// <summary>
/// Writes HTML in which every piece of text and every attribute value is encoded: the only way to put markup on a page is
/// through a tag name or an attribute name, which are fixed by the code. Model outputs, case inputs, comments and every
/// other stored text go through <see cref="Text(string?)"/> or an attribute value and can never become markup. URLs in
/// <c>href</c>, <c>src</c> and <c>action</c> must be paths on this server (<see cref="SafeUrl"/>).
/// </summary>
/// <threadsafety>Not thread-safe; one writer per response.</threadsafety>
internal sealed class Html
{
    // Every script except the characters HTML gives meaning to: non-Latin text stays readable in the source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _out;

    /// <summary>Starts an empty writer with room for <paramref name="capacity"/> characters.</summary>
    public Html(int capacity = 16 * 1024) => _out = new StringBuilder(capacity);

    /// <summary>How many characters have been written.</summary>
    public int Length => _out.Length;

    /// <summary>Writes an opening tag with its attributes; an attribute whose value is null is left out, "" is written bare.</summary>
    public Html Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        CheckName(tag);
        _out.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            Attribute(name, value);
        }

        _out.Append('>');
        return this;
    }

    /// <summary>Writes a closing tag.</summary>
    public Html Close(string tag)
    {
        CheckName(tag);
        _out.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Writes an element holding <paramref name="text"/>, encoded.</summary>
    public Html Tag(string tag, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    /// <summary>Writes an element with no content or closing tag (<c>input</c>, <c>meta</c>, <c>link</c>, <c>br</c>).</summary>
    public Html Void(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes) => Open(tag, attributes);

    /// <summary>Writes text, encoded; null writes nothing.</summary>
    public Html Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _out.Append(Encoder.Encode(text));
        }

        return this;
    }

    /// <summary>Writes a number in the invariant culture.</summary>
    public Html Text(long number)
    {
        _out.Append(number.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Writes an element holding a link to <paramref name="href"/> (a path on this server) with <paramref name="text"/>.</summary>
    public Html Link(string href, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        _out.Append("<a");
        Attribute("href", href);
        foreach (var (name, value) in attributes)
        {
            Attribute(name, value);
        }

        _out.Append('>');
        return Text(text).Close("a");
    }

    /// <summary>The HTML written so far.</summary>
    public override string ToString() => _out.ToString();

    /// <summary>
    /// Whether <paramref name="url"/> may stand in a link: a path on this server (<c>/…</c> but not <c>//…</c>), a query
    /// (<c>?…</c>) or a fragment (<c>#…</c>). Never a scheme: no <c>javascript:</c>, <c>data:</c> or another site; no
    /// whitespace, control character or backslash, which browsers drop or read as a slash (<c>/\t/evil</c> is <c>//evil</c>).
    /// </summary>
    public static bool SafeUrl(string url) =>
        url.Length > 0 && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\') && url[0] switch
        {
            '/' => url.Length == 1 || (url[1] != '/' && url[1] != '\\'),
            '?' or '#' => true,
            _ => false,
        };

    /// <summary>A path on this server from segments, each escaped: <c>Path("releases", "7", "cases", id)</c>.</summary>
    public static string Path(params ReadOnlySpan<string> segments)
    {
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            path.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    /// <summary>A query string (<c>?a=1&amp;b=2</c>) from pairs; pairs with a null or empty value are left out.</summary>
    public static string Query(params ReadOnlySpan<(string Name, string? Value)> pairs)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return query.ToString();
    }

    private void Attribute(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        CheckName(name);
        if (name is "href" or "src" or "action" or "formaction" && !SafeUrl(value))
        {
            throw new InvalidOperationException($"'{value}' is not a path on this server; a page links only to its own server.");
        }

        if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name is "style" or "srcdoc")
        {
            throw new InvalidOperationException($"attribute '{name}' is not written: pages carry no inline scripts or styles.");
        }

        _out.Append(' ').Append(name);
        if (value.Length > 0)
        {
            _out.Append("=\"");
            _out.Append(Encoder.Encode(value)).Append('"');
        }
    }

    private static void CheckName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new InvalidOperationException($"'{name}' is not a tag or attribute name this writer accepts.");
            }
        }
    }
}
