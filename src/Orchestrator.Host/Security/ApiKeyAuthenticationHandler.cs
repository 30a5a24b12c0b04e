using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.Host.Problems;

namespace Orchestrator.Host.Security;

/// <summary>
/// Authenticates a request by its API key (<c>X-Api-Key: key</c> or <c>Authorization: Bearer key</c>) and answers a missing
/// or unknown key (401) and a key without the right (403) with problem details. The key itself is never logged; only its id.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRegistry keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string AdminPolicy = "admin";

    private const string KeyIdClaim = "orchestrator:key-id";
    private const string TeamClaim = "orchestrator:team";
    private const string AdminClaim = "orchestrator:admin";
    private const string EnvironmentClaim = "orchestrator:environment";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Resolve(presented) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one this host knows."));
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
        var missing = PresentedKey(Request) is null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await WriteAsync(StatusCodes.Status401Unauthorized, ApiProblems.UnauthorizedType, missing ? "API key required" : "API key not recognised",
            missing ? $"Send your team's API key in the {HeaderName} header (or as Authorization: Bearer)." : "The API key sent is not valid for this host.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(StatusCodes.Status403Forbidden, ApiProblems.ForbiddenType, "This API key may not do that", "This operation needs an admin API key.");
    }

    private async Task WriteAsync(int status, string type, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
    }

    /// <summary>The caller of an authenticated request.</summary>
    public static ApiCaller CallerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var keyId = user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("The request was not authenticated with an API key.");
        return new ApiCaller(keyId, user.FindFirstValue(TeamClaim), user.HasClaim(AdminClaim, "true"), user.FindFirstValue(EnvironmentClaim));
    }

    /// <summary>Registers the scheme, the key registry (validated at startup) and the admin policy.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(SchemeName).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(SchemeName).RequireClaim(AdminClaim, "true"));
    }

    /// <summary>Names every problem of the key configuration in one startup error.</summary>
    private sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
        {
            var problems = ApiKeyRegistry.Problems(options).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
