using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Moderation;

/// <summary>
/// Undoes the usual tricks used to slip words past a filter: accents (b&#243;mb), look-alike letters from other alphabets, fullwidth letters,
/// invisible characters, digits and symbols for letters (b0mb, k!ll) and stretched letters (booomb); and splits the text into
/// word pieces that remember whether a space or only a dot, dash or underscore split them (b.o.m.b, be_heading).
/// Written by hand: no available library does this; it is kept small on purpose.
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

    /// <summary>
    /// The word pieces of a text, normalised, with stretched letters kept (patterns see these). Any character that is not a
    /// letter, digit or look-alike sign ends a piece; <see cref="WordPiece.AfterSpace"/> tells a real word break (whitespace)
    /// from a split inside a word (b.e.h, be_heading, pipe-bomb), which the matcher may join up again.
    /// </summary>
    public static IReadOnlyList<WordPiece> Pieces(string text)
    {
        var cleaned = Clean(text);
        var pieces = new List<WordPiece>();
        var current = new StringBuilder();
        var afterSpace = true;
        foreach (var c in cleaned)
        {
            if (char.IsLetterOrDigit(c) || LeetSigns.ContainsKey(c))
            {
                current.Append(c);
                continue;
            }
            if (Flush(current, afterSpace, pieces))
            {
                afterSpace = false;
            }
            afterSpace |= char.IsWhiteSpace(c);
        }
        Flush(current, afterSpace, pieces);
        return pieces;
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

    /// <summary>Adds the piece being read, if it has anything left once normalised; false when nothing was added.</summary>
    private static bool Flush(StringBuilder current, bool afterSpace, List<WordPiece> pieces)
    {
        if (current.Length == 0)
        {
            return false;
        }
        var raw = current.ToString();
        current.Clear();
        // Digits and signs stand for letters only inside a word that has letters: "1080p" stays a number-word, "b0mb" is "bomb".
        var word = raw.Any(char.IsLetter)
            ? new string([.. raw.Select(c => LeetSigns.TryGetValue(c, out var letter) ? letter : c)])
            : new string([.. raw.Where(char.IsDigit)]);
        if (word.Length == 0)
        {
            return false;
        }
        pieces.Add(new WordPiece(word, afterSpace));
        return true;
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

/// <summary>A run of letters and digits; <paramref name="AfterSpace"/> when whitespace (or the start of the text) came before it.</summary>
internal readonly record struct WordPiece(string Text, bool AfterSpace);
