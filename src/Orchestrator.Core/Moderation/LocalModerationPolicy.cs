using System.Text.RegularExpressions;

namespace Orchestrator.Core.Moderation;

/// <summary>
/// The local moderation policy: categories of terms and patterns matched against normalised text (case, accents,
/// look-alikes, leetspeak, split and spaced letters, stretched letters and regular endings undone), with an allow-list of
/// phrases that never block.
/// </summary>
public sealed class LocalModerationPolicy
{
    public const string Source = "local";

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private readonly IReadOnlyList<Category> categories;
    private readonly IReadOnlyList<string[]> allowed;

    public LocalModerationPolicy(ModerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Categories.ToList();
        var merged = (options.UseBuiltInCategories ? BuiltInModerationCategories.All.Where(builtIn => configured.All(c => c.Name != builtIn.Name)) : [])
            .Concat(configured);
        categories = [.. merged.Select(Compile)];
        allowed = [.. options.AllowList.Concat(options.UseBuiltInCategories ? BuiltInModerationCategories.AllowList : []).Select(KeysOf).Where(keys => keys.Length > 0)];
    }

    /// <summary>Checks every text (a prompt and its shot prompts); one match anywhere blocks.</summary>
    public ModerationVerdict Check(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var flags = new List<ModerationFlag>();
        foreach (var text in texts)
        {
            flags.AddRange(CheckOne(text));
        }
        var distinct = flags.Distinct().ToList();
        return distinct.Count == 0 ? ModerationVerdict.Allow() : new ModerationVerdict(false, distinct, "blocked by the local moderation policy");
    }

    private IEnumerable<ModerationFlag> CheckOne(string text)
    {
        var pieces = TextNormalizer.Pieces(text);
        var words = pieces.Select(piece => piece.Text).ToList();
        var keys = words.Select(TextNormalizer.Key).ToArray();
        var isAllowed = new bool[keys.Length];
        foreach (var phrase in allowed)
        {
            foreach (var start in Occurrences(keys, phrase))
            {
                Array.Fill(isAllowed, true, start, phrase.Length);
            }
        }
        foreach (var category in categories)
        {
            foreach (var term in category.Terms.Where(term => Matches(term, pieces, keys, isAllowed)))
            {
                yield return new ModerationFlag(category.Name, Source, term.Term);
            }
            foreach (var flag in MatchPatterns(category, words, isAllowed))
            {
                yield return flag;
            }
        }
    }

    /// <summary>
    /// Whether some run of neighbouring pieces, joined, is the term or one of its forms. Inside a word the run crosses dots,
    /// dashes and underscores freely (be.heading, b-e-heading, pipebomb); it crosses a space only where the term has one
    /// (pipe bomb) or next to a single letter (b e h e a d i n g), so "we'll be heading home" is not "beheading".
    /// </summary>
    private static bool Matches(BlockedTerm term, IReadOnlyList<WordPiece> pieces, string[] keys, bool[] isAllowed)
    {
        for (var start = 0; start < keys.Length; start++)
        {
            var joined = string.Empty;
            for (var end = start; end < keys.Length; end++)
            {
                if (end > start && pieces[end].AfterSpace && keys[end - 1].Length > 1 && keys[end].Length > 1 && !term.IsWordBreak(joined.Length))
                {
                    break;
                }
                joined = TextNormalizer.Key(joined + keys[end]);
                if (joined.Length > term.MaxLength)
                {
                    break;
                }
                if (term.IsForm(joined) && !IsExempt(start, end, keys, isAllowed))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>A match the allow-list covers: every piece allowed, or all but a last piece that is only an ending (Al Gore's).</summary>
    private static bool IsExempt(int start, int end, string[] keys, bool[] isAllowed) =>
        !isAllowed.AsSpan(start, end - start).Contains(false) && (isAllowed[end] || (end > start && BlockedTerm.IsEnding(keys[end])));

    private static IEnumerable<ModerationFlag> MatchPatterns(Category category, List<string> words, bool[] isAllowed)
    {
        var joined = string.Join(' ', words);
        var starts = new int[words.Count];
        for (int i = 0, offset = 0; i < words.Count; offset += words[i].Length + 1, i++)
        {
            starts[i] = offset;
        }
        foreach (var pattern in category.Patterns)
        {
            if (!TryMatch(pattern, joined, out var matches))
            {
                // A pattern that cannot finish is treated as a match: the gate fails closed, never open.
                yield return new ModerationFlag(category.Name, Source, $"{pattern} (timed out)");
                continue;
            }
            foreach (Match match in matches!)
            {
                var covered = Enumerable.Range(0, words.Count).Where(i => starts[i] < match.Index + match.Length && starts[i] + words[i].Length > match.Index);
                if (!covered.All(i => isAllowed[i]))
                {
                    yield return new ModerationFlag(category.Name, Source, pattern.ToString());
                    break;
                }
            }
        }
    }

    private static bool TryMatch(Regex pattern, string text, out MatchCollection? matches)
    {
        try
        {
            matches = pattern.Matches(text);
            _ = matches.Count; // matching is lazy: force it inside the try
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            matches = null;
            return false;
        }
    }

    private static IEnumerable<int> Occurrences(string[] keys, string[] sequence)
    {
        for (var start = 0; start + sequence.Length <= keys.Length; start++)
        {
            if (keys.AsSpan(start, sequence.Length).SequenceEqual(sequence))
            {
                yield return start;
            }
        }
    }

    private static string[] KeysOf(string phrase) => [.. TextNormalizer.Pieces(phrase).Select(piece => TextNormalizer.Key(piece.Text))];

    private static Category Compile(ModerationCategory category)
    {
        if (string.IsNullOrWhiteSpace(category.Name))
        {
            throw new ArgumentException("A moderation category needs a name.", nameof(category));
        }
        var patterns = new List<Regex>();
        foreach (var pattern in category.Patterns)
        {
            try
            {
                patterns.Add(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout));
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"Moderation category {category.Name}: pattern '{pattern}' is not a valid regular expression: {exception.Message}", nameof(category), exception);
            }
        }
        return new Category(category.Name, [.. category.Terms.Select(BlockedTerm.Compile).OfType<BlockedTerm>()], patterns);
    }

    private sealed record Category(string Name, IReadOnlyList<BlockedTerm> Terms, IReadOnlyList<Regex> Patterns);
}
