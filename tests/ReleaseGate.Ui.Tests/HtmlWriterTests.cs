using ReleaseGate.Server.Ui;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The one way pages write HTML: text and attribute values can never become markup, links never leave the server.</summary>
public class HtmlWriterTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("a & b \"q\" 'r'", "a &amp; b &quot;q&quot; &#x27;r&#x27;")]
    [InlineData("Ünïcødé 日本語", "Ünïcødé 日本語")]
    public void Text_is_encoded_and_readable_text_stays_readable(string text, string written) =>
        Assert.Equal($"<p>{written}</p>", new Html().Tag("p", text).ToString());

    [Fact]
    public void An_attribute_value_cannot_break_out_of_its_quotes() =>
        Assert.Equal("<input value=\"&quot;&gt;&lt;svg onload=alert(1)&gt;\">", new Html().Void("input", ("value", "\"><svg onload=alert(1)>")).ToString());

    [Theory]
    [InlineData("/releases/7", true)]
    [InlineData("/", true)]
    [InlineData("?state=blocked", true)]
    [InlineData("#main", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("/\t/evil.example/", false)]
    [InlineData("/ /evil.example/", false)]
    [InlineData("", false)]
    public void Only_paths_on_this_server_may_be_links(string url, bool safe)
    {
        Assert.Equal(safe, Html.SafeUrl(url));
        if (!safe)
        {
            Assert.Throws<InvalidOperationException>(() => new Html().Link(url, "x"));
        }
    }

    [Theory]
    [InlineData("onclick")]
    [InlineData("ONERROR")]
    [InlineData("style")]
    [InlineData("srcdoc")]
    [InlineData("x\" onclick=\"y")]
    public void Inline_scripts_and_styles_cannot_be_written(string attribute) =>
        Assert.Throws<InvalidOperationException>(() => new Html().Open("div", (attribute, "x")));

    [Fact]
    public void Paths_and_queries_escape_what_they_carry() =>
        Assert.Equal("/releases/7/cases/a%2Fb%20c%5Cd?next=%2Fx%3Fy%3D1&state=a%26b",
            Html.Path("releases", "7", "cases", "a/b c\\d") + Html.Query(("next", "/x?y=1"), ("empty", ""), ("state", "a&b")));
}
