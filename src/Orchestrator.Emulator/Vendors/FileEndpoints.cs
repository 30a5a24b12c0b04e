using Orchestrator.Emulator.Media;

namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// GET /files/{job}.mp4?exp=...: the presigned-style output URLs of Runway, fal, Luma, BytePlus and Kling. No
/// credentials (a CDN would refuse them anyway); an expired URL answers 403 like a storage service.
/// </summary>
public static class FileEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        app.MapGet("/files/{id}.mp4", (string id) =>
        {
            var job = context.State.Find(id);
            if (job is null || job.Deleted || job.PhaseAt(context.Now) != State.JobPhase.Succeeded)
            {
                return Results.NotFound();
            }
            if (job.OutputExpiresAt(context.Options.OutputLifetime) <= context.Now)
            {
                return Results.Text("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml", statusCode: 403);
            }
            return new ClipResult(context.Media.For(job.Vendor, job.Seconds), job.Behavior.Download);
        });
    }
}
