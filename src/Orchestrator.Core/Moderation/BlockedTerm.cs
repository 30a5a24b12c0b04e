namespace Orchestrator.Core.Moderation;

/// <summary>
/// A blocked term as the matcher sees it: the keys of its words joined into one ("pipe bomb" is "pipebomb"), where its own
/// word breaks fall in that key, and the forms that count as the term. Regular endings (s, es, ed, ing, ings) are added to
/// the whole term; a term that ends in -ing or -ed also stands for its stem (beheading: behead, beheads, beheaded,
/// beheadings). A final s is never taken off, so a term such as "isis" never shrinks to "isi".
/// </summary>
internal sealed class BlockedTerm
{
    /// <summary>Endings taken off a term to find its stem; a stem must keep at least <see cref="MinStem"/> letters.</summary>
    private static readonly string[] Inflections = ["ings", "ing", "ed"];

    private static readonly string[] Endings = ["", "s", "es", "ed", "ing", "ings"];

    private const int MinStem = 3;

    private readonly HashSet<string> forms;
    private readonly HashSet<int> wordBreaks;

    private BlockedTerm(string term, HashSet<string> forms, HashSet<int> wordBreaks)
    {
        Term = term;
        this.forms = forms;
        this.wordBreaks = wordBreaks;
        MaxLength = forms.Max(form => form.Length);
    }

    /// <summary>The term as configured, reported in flags.</summary>
    public string Term { get; }

    /// <summary>The longest form's length: a longer run of text cannot be this term.</summary>
    public int MaxLength { get; }

    /// <summary>The compiled term, or null when nothing of it is left once normalised.</summary>
    public static BlockedTerm? Compile(string term)
    {
        var joined = string.Empty;
        var breaks = new HashSet<int>();
        foreach (var piece in TextNormalizer.Pieces(term))
        {
            if (joined.Length > 0)
            {
                breaks.Add(joined.Length);
            }
            joined = TextNormalizer.Key(joined + TextNormalizer.Key(piece.Text));
        }
        return joined.Length == 0 ? null : new BlockedTerm(term, Forms(joined), breaks);
    }

    /// <summary>Whether a joined, keyed run of text is this term or one of its forms.</summary>
    public bool IsForm(string key) => forms.Contains(key);

    /// <summary>Whether the term itself has a word break <paramref name="offset"/> letters into its key ("pipe bomb": 4).</summary>
    public bool IsWordBreak(int offset) => wordBreaks.Contains(offset);

    /// <summary>A piece that is only an ending (the s of "Al Gore's"): it does not turn an allowed phrase into a blocked one.</summary>
    public static bool IsEnding(string key) => key.Length > 0 && Endings.Contains(key);

    private static HashSet<string> Forms(string key)
    {
        var inflection = Inflections.FirstOrDefault(ending => key.EndsWith(ending, StringComparison.Ordinal) && key.Length - ending.Length >= MinStem);
        var stem = inflection is null ? key : key[..^inflection.Length];
        var forms = Endings.Select(ending => TextNormalizer.Key(stem + ending)).ToHashSet(StringComparer.Ordinal);
        forms.Add(key);
        if (inflection is not null)
        {
            // A stem that lost its e to the ending: strangling -> strangle, strangles.
            forms.Add(stem + "e");
            forms.Add(stem + "es");
        }
        if (stem.EndsWith('e') && stem.Length > MinStem)
        {
            // An e dropped before -ing: gore -> goring.
            forms.Add(stem[..^1] + "ing");
            forms.Add(stem[..^1] + "ings");
        }
        return forms;
    }
}
