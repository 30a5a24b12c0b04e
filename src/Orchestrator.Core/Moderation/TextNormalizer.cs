using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Moderation;

/// <summary>
/// Undoes the usual tricks used to slip words past a filter: accents (b&#243;mb), look-alike letters from other alphabets, fullwidth letters,
/// invisible characters, digits and symbols for letters (b0mb, k!ll), letters spaced or dotted apart (b.o.m.b), and stretched
/// letters (booomb). Written by hand: no available library does this; it is kept small on purpose.
/// </summary>
internal static class TextNormalizer
{
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        // Cyrillic and Greek letters that render like Latin ones.
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['х'] = 'x', ['у'] = 'y', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['к'] = 'k', ['м'] = 'm', ['т'] = 't', ['в'] = 'b', ['н'] = 'h',
        ['α'] = 'a', ['ο'] = 'o', ['ε'] = 'e', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x',
    };

    /// <summary>
    /// Accented Latin letters folded to their base letter. The app runs with invariant globalization (no ICU), where
    /// string.Normalize cannot decompose, so the common Latin ranges are folded by this table instead.
    /// </summary>
    private static readonly Dictionary<char, char> Accents = new[]
    {
        ("àáâãäåāăą", 'a'), ("çćĉċč", 'c'), ("ďđ", 'd'), ("èéêëēĕėęě", 'e'), ("ĝğġģ", 'g'), ("ĥħ", 'h'), ("ìíîïĩīĭįı", 'i'),
        ("ĵ", 'j'), ("ķ", 'k'), ("ĺļľŀł", 'l'), ("ñńņňŉ", 'n'), ("òóôõöøōŏő", 'o'), ("ŕŗř", 'r'), ("śŝşšß", 's'), ("ţťŧ", 't'),
        ("ùúûüũūŭůűų", 'u'), ("ŵ", 'w'), ("ýÿŷ", 'y'), ("źżž", 'z'),
    }.SelectMany(pair => pair.Item1.Select(accented => (accented, pair.Item2))).ToDictionary(pair => pair.accented, pair => pair.Item2);

    private static readonly Dictionary<char, char> LeetSigns = new()
    {
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['8'] = 'b', ['9'] = 'g',
        ['@'] = 'a', ['$'] = 's', ['!'] = 'i', ['|'] = 'l', ['€'] = 'e',
    };

    /// <summary>The words of a text, normalised, with stretched letters kept (patterns see these).</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var cleaned = Clean(text);
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in cleaned)
        {
            if (char.IsLetterOrDigit(c) || LeetSigns.ContainsKey(c))
            {
                current.Append(c);
            }
            else
            {
                Flush(current, words);
            }
        }
        Flush(current, words);
        return words;
    }

    /// <summary>A word reduced to its matching key: each run of one letter becomes a single letter (kill, kiill -> kil).</summary>
    public static string Key(string word)
    {
        var key = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (key.Length == 0 || key[^1] != c)
            {
                key.Append(c);
            }
        }
        return key.ToString();
    }

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length == 0)
        {
            return;
        }
        var raw = current.ToString();
        current.Clear();
        // Digits and signs stand for letters only inside a word that has letters: "1080p" stays a number-word, "b0mb" is "bomb".
        var word = raw.Any(char.IsLetter)
            ? new string([.. raw.Select(c => LeetSigns.TryGetValue(c, out var letter) ? letter : c)])
            : new string([.. raw.Where(char.IsDigit)]);
        if (word.Length > 0)
        {
            words.Add(word);
        }
    }

    private static string Clean(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Combining accents and invisible characters (zero-width space, soft hyphen, joiners) are dropped.
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                continue;
            }
            // Fullwidth forms (U+FF01-FF5E) are ASCII in disguise.
            var narrow = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            var lower = char.ToLowerInvariant(narrow);
            result.Append(LookAlikes.TryGetValue(lower, out var latin) ? latin : Accents.TryGetValue(lower, out var plain) ? plain : lower);
        }
        return result.ToString();
    }
}
