namespace Orchestrator.Core.Jobs;

/// <summary>
/// The rules of a job request that span fields (shots against duration, reference roles against kinds, edit needs footage,
/// known route and price source). <see cref="JobRequestParser"/> applies them after reading the fields; call
/// <see cref="Validate"/> directly for a request built in code.
/// </summary>
public sealed class JobRequestValidator(JobRequestVocabulary? vocabulary = null)
{
    public IReadOnlyList<JobRequestError> Validate(JobRequest request) => Check(request, new HashSet<string>());

    /// <summary>Checks the rules whose fields all read cleanly; <paramref name="failedFields"/> names the fields that did not.</summary>
    internal IReadOnlyList<JobRequestError> Check(JobRequest request, IReadOnlySet<string> failedFields)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<JobRequestError>();
        void Add(string path, string code, string message) => errors.Add(new(path, code, message));
        bool Clean(params string[] fields) => fields.All(field => !failedFields.Contains(field));

        if (Clean("references"))
        {
            CheckReferences(request, Add);
        }
        if (Clean("shots", "durationSeconds") && request.Shots.Count > 0)
        {
            var sum = request.Shots.Sum(shot => shot.Seconds);
            if (failedFields.Contains("durationFromShots"))
            {
                if (sum > JobRequestLimits.MaxDurationSeconds)
                {
                    Add("$.shots", JobRequestErrorCodes.OutOfRange, $"the shots add up to {sum} s; a clip is at most {JobRequestLimits.MaxDurationSeconds} s");
                }
            }
            else if (sum != request.DurationSeconds)
            {
                Add("$.shots", JobRequestErrorCodes.Inconsistent, $"the shots add up to {sum} s but durationSeconds is {request.DurationSeconds}");
            }
        }
        if (Clean("intent", "references") && request.Intent == JobIntent.Edit && request.CountReferences(ReferenceKind.Video) == 0)
        {
            Add("$.intent", JobRequestErrorCodes.Inconsistent, "'edit' needs a video reference: the footage to edit");
        }
        if (Clean("intent", "shots") && request.Intent == JobIntent.Edit && request.Shots.Count > 0)
        {
            Add("$.shots", JobRequestErrorCodes.Inconsistent, "storyboard shots cannot be combined with intent 'edit'");
        }
        if (Clean("audio", "references") && request.Audio == AudioMode.None
            && request.References.Any(reference => reference.Role == ReferenceRole.Voice))
        {
            Add("$.audio", JobRequestErrorCodes.Inconsistent, "a voice reference needs audio 'native' or 'native+voice'");
        }
        if (vocabulary is not null && Clean("route") && request.IsRoutePinned && !vocabulary.RouteIds.Contains(request.Route))
        {
            Add("$.route", JobRequestErrorCodes.InvalidValue, $"'{request.Route}' is not a known route; use 'auto' or one of {string.Join(", ", vocabulary.RouteIds.Order(StringComparer.Ordinal))}");
        }
        if (vocabulary is not null && Clean("priceSource") && request.PriceSource is { } source && !vocabulary.PriceSources.Contains(source))
        {
            Add("$.priceSource", JobRequestErrorCodes.InvalidValue, $"'{source}' is not a known rate source; use one of {string.Join(", ", vocabulary.PriceSources.Order(StringComparer.Ordinal))}");
        }
        return errors;
    }

    private static void CheckReferences(JobRequest request, Action<string, string, string> add)
    {
        CheckCount(request, ReferenceKind.Image, JobRequestLimits.MaxImageReferences, add);
        CheckCount(request, ReferenceKind.Video, JobRequestLimits.MaxVideoReferences, add);
        CheckCount(request, ReferenceKind.Audio, JobRequestLimits.MaxAudioReferences, add);
        for (var index = 0; index < request.References.Count; index++)
        {
            var reference = request.References[index];
            var path = $"$.references[{index}]";
            var roleFits = (reference.Kind, reference.Role) switch
            {
                (_, null) => true,
                (ReferenceKind.Audio, ReferenceRole.Voice) => true,
                (ReferenceKind.Audio, _) or (_, ReferenceRole.Voice) => false,
                (ReferenceKind.Video, ReferenceRole.Motion) => true,
                (_, ReferenceRole.Motion) => false,
                _ => true,
            };
            if (!roleFits)
            {
                var expected = reference.Kind == ReferenceKind.Audio ? "an audio reference can only have role 'voice'"
                    : reference.Role == ReferenceRole.Voice ? "role 'voice' needs an audio reference"
                    : "role 'motion' needs a video reference";
                add($"{path}.role", JobRequestErrorCodes.Inconsistent, expected);
            }
            if (reference.Seconds is not null && reference.Kind == ReferenceKind.Image)
            {
                add($"{path}.seconds", JobRequestErrorCodes.Inconsistent, "only video and audio references have a length in seconds");
            }
        }
        var motion = request.References.Count(reference => reference.Role == ReferenceRole.Motion);
        if (motion > 1)
        {
            add("$.references", JobRequestErrorCodes.TooMany, $"motion control takes one motion video (got {motion})");
        }
        if (motion > 0 && request.CountReferences(ReferenceKind.Image) == 0)
        {
            add("$.references", JobRequestErrorCodes.Inconsistent, "motion control needs an image of the character to animate");
        }
    }

    private static void CheckCount(JobRequest request, ReferenceKind kind, int max, Action<string, string, string> add)
    {
        var count = request.CountReferences(kind);
        if (count > max)
        {
            add("$.references", JobRequestErrorCodes.TooMany, $"at most {max} {WireNames.Of(kind)} references are accepted (got {count})");
        }
    }
}
