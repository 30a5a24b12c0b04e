using Orchestrator.Core.Moderation;

namespace Orchestrator.Core.Tests.Moderation;

public sealed class LocalModerationPolicyTests
{
    private static readonly LocalModerationPolicy BuiltIn = new(new ModerationOptions());

    private static ModerationVerdict Check(string text, LocalModerationPolicy? policy = null) => (policy ?? BuiltIn).Check([text]);

    [Theory]
    [InlineData("a lighthouse at dusk, slow dolly in")]
    [InlineData("a skilled chef in a busy kitchen")]
    [InlineData("rendered at 1080p with 4k textures")]
    [InlineData("a hiker in a gore-tex jacket")]
    [InlineData("Al Gore gives a speech")]
    [InlineData("Al Gore's speech on climate")]
    [InlineData("we will be heading home at dusk")]
    [InlineData("a pipe organ, a bomb-proof shelter")]
    [InlineData("a pipe, bombastic brass and drums")]
    [InlineData("the traffic lights go red")]
    [InlineData("a plate of nasi goreng")]
    [InlineData("a gorgeous sunset over the bay")]
    [InlineData("a nervous agent checks the door")]
    [InlineData("a snuffbox and a film camera")]
    public void Ordinary_prompts_are_allowed(string prompt)
    {
        var verdict = Check(prompt);

        Assert.True(verdict.Allowed, string.Join(", ", verdict.Flags));
        Assert.Empty(verdict.Categories);
    }

    [Theory]
    [InlineData("a beheading in the town square")]
    [InlineData("a BEHEADING")]
    [InlineData("a b3h3ad1ng")]
    [InlineData("a b e h e a d i n g")]
    [InlineData("a b.e.h.e.a.d.i.n.g")]
    [InlineData("a b-e-h-e-a-d-i-n-g")]
    [InlineData("a béhéàding")]
    [InlineData("a behe\u200Bading")]
    [InlineData("a b\u0435heading")]
    [InlineData("a beheeeeading")]
    [InlineData("a ｂｅｈｅａｄｉｎｇ")]
    [InlineData("a be\u0301heading")]
    [InlineData("a be.heading")]
    [InlineData("a be_heading")]
    [InlineData("a b-e-heading")]
    [InlineData("a b e heading")]
    [InlineData("the beheadings")]
    [InlineData("he was beheaded")]
    [InlineData("they behead him")]
    [InlineData("a be-headed king")]
    public void Obfuscated_terms_are_still_caught(string prompt)
    {
        var verdict = Check(prompt);

        Assert.False(verdict.Allowed);
        Assert.Equal(["violence/graphic"], verdict.Categories);
        Assert.Equal("beheading", verdict.Flags[0].Match);
        Assert.Equal(LocalModerationPolicy.Source, verdict.Flags[0].Source);
    }

    [Theory]
    [InlineData("pipe bombs in a garage")]
    [InlineData("a pipebomb")]
    [InlineData("a pipe-bomb")]
    [InlineData("PIPE.B0MBS")]
    [InlineData("p i p e bomb")]
    [InlineData("a pipe, bomb and fuse")]
    public void Phrases_match_joined_split_and_inflected(string prompt)
    {
        var verdict = Check(prompt);

        Assert.Equal(["weapons/instructions"], verdict.Categories);
        Assert.Equal("pipe bomb", verdict.Flags[0].Match);
    }

    [Fact]
    public void Only_regular_endings_extend_a_term()
    {
        var policy = new LocalModerationPolicy(new ModerationOptions { UseBuiltInCategories = false, Categories = [new ModerationCategory { Name = "x", Terms = ["bomb", "gore", "strangling"] }] });

        Assert.All(["bombs", "bombed", "bombing", "gored", "goring", "strangle", "strangles", "strangled"], text => Assert.False(Check(text, policy).Allowed, text));
        Assert.All(["bombe", "bombastic", "bomber", "gorge", "goreng", "strangler", "strang"], text => Assert.True(Check(text, policy).Allowed, text));
    }

    [Fact]
    public void Phrases_match_as_whole_word_sequences()
    {
        Assert.False(Check("how to bu1ld a b0mb at home").Allowed);
        Assert.True(Check("build a bombastic soundtrack").Allowed);
    }

    [Fact]
    public void Patterns_run_on_the_normalised_text()
    {
        Assert.False(Check("underage nude").Allowed);
        Assert.Equal(["sexual/minors"], Check("UNDERAGE  --  NUD3S").Categories);
        Assert.True(Check("kids playing in a park").Allowed);
    }

    [Fact]
    public void The_allow_list_exempts_phrases_but_not_the_same_term_elsewhere()
    {
        var policy = new LocalModerationPolicy(new ModerationOptions
        {
            Categories = [new ModerationCategory { Name = "explosives", Terms = ["bomb"] }],
            AllowList = ["bath bomb"],
        });

        Assert.True(Check("a bath bomb fizzing in slow motion", policy).Allowed);
        Assert.False(Check("a bath bomb next to a real bomb", policy).Allowed);
        Assert.False(Check("a b o m b", policy).Allowed);
    }

    [Fact]
    public void Configured_categories_add_to_or_replace_the_built_in_ones()
    {
        var replaced = new LocalModerationPolicy(new ModerationOptions { Categories = [new ModerationCategory { Name = "violence/graphic", Terms = ["duel"] }] });
        var only = new LocalModerationPolicy(new ModerationOptions { UseBuiltInCategories = false, Categories = [new ModerationCategory { Name = "brand", Patterns = [@"\bfake\s+rolex\b"] }] });

        Assert.True(Check("a beheading", replaced).Allowed);
        Assert.False(Check("a duel at dawn", replaced).Allowed);
        Assert.False(Check("a nerve agent", replaced).Allowed);
        Assert.True(Check("a nerve agent", only).Allowed);
        Assert.Equal(["brand"], Check("a FAKE R0LEX", only).Categories);
    }

    [Fact]
    public void Every_text_of_a_request_is_checked()
    {
        var verdict = BuiltIn.Check(["a calm lake", "then a decapitation"]);

        Assert.False(verdict.Allowed);
        Assert.DoesNotContain("calm lake", verdict.Flags[0].Match, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_pattern_is_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new LocalModerationPolicy(new ModerationOptions { Categories = [new ModerationCategory { Name = "x", Patterns = ["(unclosed"] }] }));

        Assert.Contains("(unclosed", error.Message, StringComparison.Ordinal);
    }
}
