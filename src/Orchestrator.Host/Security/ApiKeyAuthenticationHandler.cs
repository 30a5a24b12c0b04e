using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.Host.Problems;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Host.Security;

/// <summary>
/// ASP.NET Core's view of the shared API key check (<see cref="ApiKeyRegistry"/>, also used by the Functions app): a
/// request's key becomes its principal, and a missing or unknown key (401) or a key without the right (403) is answered
/// with problem details. The key itself is never logged; only its id.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRegistry keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = ApiKeyHeaders.SchemeName;
    public const string HeaderName = ApiKeyHeaders.HeaderName;
    public const string AdminPolicy = "admin";

    private const string KeyIdClaim = "orchestrator:key-id";
    private const string TeamClaim = "orchestrator:team";
    private const string AdminClaim = "orchestrator:admin";
    private const string EnvironmentClaim = "orchestrator:environment";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var check = Check();
        if (check.Caller is not { } caller)
        {
            // No key lets anonymous endpoints (webhooks, health) through; a wrong key fails whatever the endpoint.
            return Task.FromResult(check.Refusal == ApiKeyRefusal.Missing ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(check.Refusal!.Title));
        }
        List<Claim> claims = [new(KeyIdClaim, caller.KeyId), new(ClaimTypes.Name, caller.KeyId)];
        if (caller.Team is not null)
        {
            claims.Add(new Claim(TeamClaim, caller.Team));
        }
        if (caller.IsAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }
        if (caller.Environment is not null)
        {
            claims.Add(new Claim(EnvironmentClaim, caller.Environment));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeyHeaders.Challenge;
        await WriteAsync(Check().Refusal ?? ApiKeyRefusal.Missing, ApiProblems.UnauthorizedType);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteAsync(ApiKeyRefusal.NotAdmin, ApiProblems.ForbiddenType);

    private ApiKeyCheck Check() => keys.Check(Request.Headers[HeaderName], Request.Headers.Authorization);

    private async Task WriteAsync(ApiKeyRefusal refusal, string type)
    {
        Response.StatusCode = refusal.Status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = refusal.Status, Type = type, Title = refusal.Title, Detail = refusal.Detail },
        });
    }

    /// <summary>The caller of an authenticated request.</summary>
    public static JobCaller CallerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var keyId = user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("The request was not authenticated with an API key.");
        return new JobCaller(keyId, user.FindFirstValue(TeamClaim), user.HasClaim(AdminClaim, "true"), user.FindFirstValue(EnvironmentClaim));
    }

    /// <summary>Registers the shared key registry (validated at startup), this scheme and the admin policy.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiKeys(configuration);
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(SchemeName).RequireClaim(AdminClaim, "true"));
    }
}
