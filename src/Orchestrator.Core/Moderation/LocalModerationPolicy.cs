using System.Text.RegularExpressions;

namespace Orchestrator.Core.Moderation;

/// <summary>
/// The local moderation policy: categories of terms and patterns matched against normalised text (case, accents,
/// look-alikes, leetspeak, spaced letters and stretched letters undone), with an allow-list of phrases that never block.
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
        var words = TextNormalizer.Words(text);
        var keys = words.Select(TextNormalizer.Key).ToArray();
        var isAllowed = new bool[keys.Length];
        foreach (var phrase in allowed)
        {
            foreach (var start in Occurrences(keys, phrase))
            {
                Array.Fill(isAllowed, true, start, phrase.Length);
            }
        }
        var spelledOut = SpelledOutRuns(keys);
        foreach (var category in categories)
        {
            foreach (var (term, sequence) in category.Terms)
            {
                var plain = Occurrences(keys, sequence).Any(start => isAllowed.AsSpan(start, sequence.Length).Contains(false));
                var spelled = sequence.Length == 1 && sequence[0].Length >= 3 && spelledOut.Any(run => run.Contains(sequence[0], StringComparison.Ordinal));
                if (plain || spelled)
                {
                    yield return new ModerationFlag(category.Name, Source, term);
                }
            }
            foreach (var flag in MatchPatterns(category, words, isAllowed))
            {
                yield return flag;
            }
        }
    }

    private static IEnumerable<ModerationFlag> MatchPatterns(Category category, IReadOnlyList<string> words, bool[] isAllowed)
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

    /// <summary>Runs of three or more one-letter words joined up: "b o m b" and "b.o.m.b" become "bomb".</summary>
    private static List<string> SpelledOutRuns(string[] keys)
    {
        var runs = new List<string>();
        var run = new List<string>();
        foreach (var key in keys.Append(string.Empty))
        {
            if (key.Length == 1)
            {
                run.Add(key);
                continue;
            }
            if (run.Count >= 3)
            {
                runs.Add(TextNormalizer.Key(string.Concat(run)));
            }
            run.Clear();
        }
        return runs;
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

    private static string[] KeysOf(string phrase) => [.. TextNormalizer.Words(phrase).Select(TextNormalizer.Key)];

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
        return new Category(category.Name, [.. category.Terms.Select(term => (term, KeysOf(term))).Where(pair => pair.Item2.Length > 0)], patterns);
    }

    private sealed record Category(string Name, IReadOnlyList<(string Term, string[] Sequence)> Terms, IReadOnlyList<Regex> Patterns);
}
