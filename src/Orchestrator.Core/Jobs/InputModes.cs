namespace Orchestrator.Core.Jobs;

/// <summary>Derives a request's input mode. The order matters: an edit or a motion reference decides before any image does.</summary>
public static class InputModes
{
    /// <summary>At most this many unroled images are read as start and end frames; more make a reference-to-video request.</summary>
    public const int MaxFrameImages = 2;

    public static InputMode Of(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var references = request.References;
        if (request.Intent == JobIntent.Edit)
        {
            return InputMode.VideoToVideo;
        }
        if (references.Any(reference => reference.Role == ReferenceRole.Motion))
        {
            return InputMode.MotionControl;
        }
        if (references.Any(reference => reference.Kind != ReferenceKind.Image || reference.Role is not null)
            || references.Count > MaxFrameImages)
        {
            return InputMode.ReferenceToVideo;
        }
        return references.Count > 0 ? InputMode.ImageToVideo : InputMode.TextToVideo;
    }
}
