namespace Orchestrator.Provenance.Validation;

/// <summary>The C2PA validation status codes this validator reports (C2PA Technical Specification, "Returning validation results").</summary>
public static class ValidationStatusCodes
{
    // success
    public const string ClaimSignatureValidated = "claimSignature.validated";
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    public const string TimeStampTrusted = "timeStamp.trusted";
    public const string TimeStampValidated = "timeStamp.validated";
    public const string HashedUriMatch = "assertion.hashedURI.match";
    public const string DataHashMatch = "assertion.dataHash.match";
    public const string BmffHashMatch = "assertion.bmffHash.match";
    public const string IngredientManifestValidated = "ingredient.manifest.validated";

    // informational
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";

    // failure
    public const string ClaimMissing = "claim.missing";
    public const string ClaimMultiple = "claim.multiple";
    public const string ClaimMalformed = "claim.malformed";
    public const string ClaimCborInvalid = "claim.cbor.invalid";
    public const string HardBindingsMissing = "claim.hardBindings.missing";
    public const string MultipleHardBindings = "assertion.multipleHardBindings";
    public const string ClaimSignatureMissing = "claimSignature.missing";
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    public const string SigningCredentialExpired = "signingCredential.expired";
    public const string TimeStampMismatch = "timeStamp.mismatch";
    public const string TimeStampMalformed = "timeStamp.malformed";
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";
    public const string HashedUriMismatch = "assertion.hashedURI.mismatch";
    public const string AssertionMissing = "assertion.missing";
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    public const string DataHashMismatch = "assertion.dataHash.mismatch";
    public const string DataHashMalformed = "assertion.dataHash.malformed";
    public const string BmffHashMismatch = "assertion.bmffHash.mismatch";
    public const string BmffHashMalformed = "assertion.bmffHash.malformed";
    public const string IngredientHashedUriMismatch = "ingredient.hashedURI.mismatch";
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    public const string GeneralError = "general.error";

    private static readonly HashSet<string> Successes =
    [
        ClaimSignatureValidated, ClaimSignatureInsideValidity, SigningCredentialTrusted, TimeStampTrusted, TimeStampValidated,
        HashedUriMatch, DataHashMatch, BmffHashMatch, IngredientManifestValidated,
    ];

    private static readonly HashSet<string> Informational = [TimeStampUntrusted, IngredientUnknownProvenance];

    public static ValidationStatusKind KindOf(string code) =>
        Successes.Contains(code) ? ValidationStatusKind.Success
        : Informational.Contains(code) ? ValidationStatusKind.Informational
        : ValidationStatusKind.Failure;
}
